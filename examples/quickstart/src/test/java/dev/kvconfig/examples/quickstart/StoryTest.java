package dev.kvconfig.examples.quickstart;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole quickstart in this JVM, once, as {@code java -jar kvconfig-quickstart.jar} does (surefire's argLine
 * resolves kv-quickstart.vault.azure.net to 127.0.0.1, as Quickstart.main does for the jar), then checks its output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoryTest {
    private int exitCode;
    private String output;

    @BeforeAll
    void tellTheStory() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exitCode = new Story(out).run();
        }
        output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output); // the story, for whoever reads the test log
    }

    @Test
    void story_onEmbeddedEmulator_exitsZero() {
        assertThat(exitCode).as(output).isZero();
    }

    @Test
    void story_output_tellsTheFiveStepsInOrder() {
        List<Integer> stepLines = new ArrayList<>();
        List<String> lines = output.lines().toList();
        for (int step = 1; step <= 5; step++) {
            String prefix = step + ". ";
            stepLines.add(indexOf(lines, line -> line.startsWith(prefix)));
        }
        assertThat(stepLines).as(output).doesNotContain(-1).isSorted();
    }

    @Test
    void bootstrapStep_appliesVaultPoliciesAndSecrets() {
        assertThat(output)
                .contains("+ vault kv-quickstart")
                .contains("+ access-policy " + Story.objectId(Story.APP_CLIENT_ID) + " (secrets [get, list], keys [get])")
                .contains("+ secret db-password (new)")
                .contains("+ key jwt-signing (ec P-256, ops [sign, verify])")
                .contains("Applied 9 change(s) to vault kv-quickstart.");
    }

    @Test
    void appStep_vaultProperties_areMaskedAndNameTheirSource() {
        assertThat(output).containsPattern(
                "db\\.password +\\= \\*{8} +\\(from KeyVaultConfigSource\\[vault=default, url=https://kv-quickstart\\.vault\\.azure\\.net:\\d+/\\]\\)");
        assertThat(output).containsPattern("app\\.name +\\= orders +\\(from PropertiesConfigSource\\[source=application\\.properties\\]\\)");
    }

    @Test
    void appStep_keyReference_servesThePublicKeyAsPem() {
        assertThat(output).containsPattern("jwt\\.verify-key +\\= <4 lines> +\\(from PropertiesConfigSource"
                + "\\[source=application\\.properties\\] via \\$\\{keyvault-key::jwt-signing\\}\\)");
    }

    @Test
    void rotationStep_printsChangeEventAndNewFingerprint() {
        assertThat(output)
                .contains("Change event: updated [db.password], added [], removed []")
                .containsPattern("db\\.password fingerprint \\(first 8 hex of SHA-256\\): "
                        + Fingerprint.of("qs-demo-password-1") + " -> " + Fingerprint.of("qs-demo-password-2"));
    }

    @Test
    void rotationStep_poolMovesToTheNewPasswordWithNoFailedQuery() {
        assertThat(output).containsPattern("Its connection pool \\(HikariCP, 4 connections to db\\.url, credentials from "
                + "keyvault\\.credentials-provider\\.orders-db: its username, the password db\\.password\\): SELECT "
                + "COUNT\\(\\*\\) FROM orders = 3\\.");
        assertThat(output).containsPattern("The pool retired its connections and opened [1-9][0-9]* with the new "
                + "password, no restart: [1-9][0-9,]* queries, 0 failed\\. The database now refuses the old password\\.");
    }

    @Test
    void story_output_neverShowsASecretValue() {
        List<String> values = new ArrayList<>();
        for (String file : List.of("quickstart-secrets.properties", "rotated-secrets.properties")) {
            Map<String, String> secrets = OrdersApp.resource(file);
            assertThat(secrets).isNotEmpty();
            values.addAll(secrets.values());
        }
        assertThat(values).allSatisfy(value -> assertThat(output).doesNotContain(value));
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> test) {
        for (int i = 0; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
