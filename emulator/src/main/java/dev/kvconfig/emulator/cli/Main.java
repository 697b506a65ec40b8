package dev.kvconfig.emulator.cli;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar kvconfig-emulator.jar --port 0 --vault demo [--vault other] [--seed demo=FILE.properties]
 * [--latency-ms N] [--info-file F] [--state FILE] [--require-tokens]}: starts the emulator, prints the info JSON and
 * runs until killed. Exit codes: 2 for bad flags (usage on stderr), 1 when the emulator cannot start.
 */
public final class Main {
    static final String USAGE = """
            Usage: java -jar kvconfig-emulator.jar [--port 0] --vault NAME [--vault NAME]...
                   [--seed VAULT=FILE.properties]... [--key VAULT=NAME[:rsa|ec]]... [--latency-ms N] [--info-file FILE]
                   [--state FILE] [--require-tokens] [--host-name NAME]... [--help]

              --port N            0 (default) = free ports; N = first vault on N, next vaults N+1.., then admin, then identity,
                                  then Resource Manager (armEndpoint); vaults created through ARM take free ports
              --vault NAME        a vault (3-24 of a-z A-Z 0-9 -), repeatable, at least one
              --seed VAULT=FILE   seed secrets from a properties file (db.password -> secret db-password)
              --key VAULT=NAME[:rsa|ec]  create a key at start unless the vault has it (rsa 2048 / ec P-256; default ec)
              --latency-ms N      latency added to every vault request
              --info-file FILE    write the info JSON (vault URLs, trust store, admin URL, armEndpoint) there when ready
              --state FILE        keep vault contents (secrets, keys, certificates) in this JSON file across restarts
                                  (values and private keys in clear text)
              --require-tokens    accept only bearer tokens the emulator issued; vaults created through ARM then
                                  check access policies / role assignments
              --host-name NAME    an extra DNS name in the TLS certificate, repeatable
              --help              this text
            """;

    private Main() {
    }

    /** Bad command line: the message and exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    record Options(KeyVaultEmulator.Builder builder, Path infoFile, boolean help) {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses, starts, prints, and (on success) blocks until the JVM is shut down.
     *
     * @return the exit code when it does not block
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        KeyVaultEmulator emulator;
        try {
            Options options = parse(args);
            if (options.help()) {
                out.print(USAGE);
                return 0;
            }
            emulator = start(options, out);
        } catch (UsageException e) {
            err.println("kvconfig-emulator: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println("kvconfig-emulator: " + e.getMessage());
            return 1;
        }
        KeyVaultEmulator running = emulator;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "kvconfig-emulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
        }
        return 0;
    }

    /** Starts the emulator, writes the info file and prints the info JSON. */
    static KeyVaultEmulator start(Options options, PrintStream out) {
        KeyVaultEmulator emulator = options.builder().start();
        try {
            if (options.infoFile() != null) {
                emulator.writeInfoFile(options.infoFile());
            }
            out.println(emulator.infoJson());
            out.flush();
            return emulator;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    static Options parse(String[] args) throws UsageException {
        KeyVaultEmulator.Builder b = KeyVaultEmulator.builder();
        Path infoFile = null;
        int vaults = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                String value = null;
                int eq = flag.indexOf('=');
                if (flag.startsWith("--") && eq > 0) {
                    value = flag.substring(eq + 1);
                    flag = flag.substring(0, eq);
                }
                switch (flag) {
                    case "--help", "-h" -> {
                        return new Options(b, null, true);
                    }
                    case "--require-tokens" -> b.requireEmulatorTokens(true);
                    case "--port", "--vault", "--seed", "--key", "--latency-ms", "--info-file", "--state", "--host-name" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new UsageException(flag + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (flag) {
                            case "--port" -> {
                                b.basePort(integer(flag, value));
                            }
                            case "--vault" -> {
                                b.vault(value);
                                vaults++;
                            }
                            case "--seed" -> {
                                int at = value.indexOf('=');
                                if (at <= 0 || at == value.length() - 1) {
                                    throw new UsageException("--seed needs VAULT=FILE.properties, got '" + value + "'");
                                }
                                b.seed(value.substring(0, at), Path.of(value.substring(at + 1)));
                            }
                            case "--key" -> {
                                int at = value.indexOf('=');
                                if (at <= 0 || at == value.length() - 1) {
                                    throw new UsageException("--key needs VAULT=NAME[:rsa|ec], got '" + value + "'");
                                }
                                String spec = value.substring(at + 1);
                                int colon = spec.indexOf(':');
                                b.seedKey(value.substring(0, at), colon < 0 ? spec : spec.substring(0, colon),
                                        colon < 0 ? "ec" : spec.substring(colon + 1));
                            }
                            case "--latency-ms" -> b.latency(Duration.ofMillis(integer(flag, value)));
                            case "--info-file" -> infoFile = Path.of(value);
                            case "--state" -> b.stateFile(Path.of(value));
                            default -> b.hostName(value);
                        }
                    }
                    default -> throw new UsageException("unknown option '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        if (vaults == 0) {
            throw new UsageException("at least one --vault NAME is required");
        }
        return new Options(b, infoFile, false);
    }

    private static int integer(String flag, String value) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }
}
