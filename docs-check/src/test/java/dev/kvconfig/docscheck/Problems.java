package dev.kvconfig.docscheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Fails a test with every problem on its own line, so one run shows them all. */
final class Problems {
    private Problems() {
    }

    static void assertNone(List<String> problems, String what) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " " + what + ":\n  " + String.join("\n  ", problems) + "\n");
        }
    }
}
