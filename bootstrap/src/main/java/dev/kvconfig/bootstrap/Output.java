package dev.kvconfig.bootstrap;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Where a command writes: results to {@code commandLine.getOut()} (text, or one JSON document in JSON mode), progress
 * to {@code getErr()} in text mode only. Never given a secret value.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(CommandLine commandLine, boolean json) {
        this.out = commandLine.getOut();
        this.err = commandLine.getErr();
        this.json = json;
    }

    boolean json() {
        return json;
    }

    PrintWriter err() {
        return err;
    }

    /** A result line, text mode only. */
    void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    /** Progress of a long operation: stderr, text mode only. */
    void progress(String text) {
        if (!json) {
            err.println("… " + text);
            err.flush();
        }
    }

    /** The JSON document of a command (JSON mode only): maps, lists, strings, numbers, booleans. */
    void json(Object document) {
        if (json) {
            out.println(toJson(document));
            out.flush();
        }
    }

    static String toJson(Object document) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(text)) {
            writer.writeUntyped(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
