package dev.kvconfig.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One peer in a child JVM, driven over its stdin/stdout with the {@code KVBENCH} line protocol ({@link KvconfigPeer},
 * {@code SpringPeer}). Lines without the prefix (framework logs) are skipped; stderr goes to a log file. Not thread-safe.
 */
final class PeerProcess implements AutoCloseable {

    private static final String PREFIX = "KVBENCH ";

    /** What {@code start} reports: nanoseconds until the probe property resolved (-1: it did not), and until ready. */
    record Started(long firstPropertyNanos, long readyNanos) {
    }

    private final String name;
    private final Path log;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} with the JVM running this code; stderr appended to {@code log}. */
    static PeerProcess launch(String name, List<String> jvmArgs, List<String> mainArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new PeerProcess(name, p, log);
    }

    Started start() throws IOException {
        String[] f = call("start", "started").split(" ");
        return new Started(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }

    /** One refresh cycle; returns its nanoseconds. */
    long refresh() throws IOException {
        return Long.parseLong(call("refresh", "refreshed"));
    }

    /** The fingerprint ({@link #fingerprint}) of the probe property's value as the peer serves it. */
    String value() throws IOException {
        return call("value", "value");
    }

    void stop() throws IOException {
        call("stop", "stopped");
    }

    private String call(String command, String answer) throws IOException {
        in.write(command + "\n");
        in.flush();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (!line.startsWith(PREFIX)) {
                // Framework log lines on stdout: keep them next to stderr for diagnosis.
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                continue;
            }
            String body = line.substring(PREFIX.length());
            if (body.startsWith(answer)) {
                return body.substring(answer.length()).trim();
            }
            throw new IOException(name + ": expected '" + answer + "' after '" + command + "', got '" + body + "'");
        }
        throw new IOException(name + " exited during '" + command + "' (exit " + exitCode() + "); see its log");
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** A short SHA-256 of a value, so the parent can check a change arrived without ever printing the value. */
    static String fingerprint(String value) {
        if (value == null) {
            return "absent";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.write("exit\n");
            in.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
