package dev.kvconfig.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child JVM's {@code -Xlog:class+load:file=…:tn} output: every class it loaded, when ({@code System.nanoTime()},
 * the same clock the child reads), and from where. Counts are deterministic for a given code path, which makes them the
 * figure to decide by on a shared machine; times are one run's. Immutable.
 */
final class ClassLoadLog {

    /** The JVM option that writes the log this class reads. */
    static String option(Path file) {
        return "-Xlog:class+load:file=" + file + ":tn";
    }

    /** One loaded class; {@code generated} for lambdas, method-handle forms and proxies, which have no class file. */
    record Loaded(long nanos, String name, boolean generated) {
    }

    /** Per library: classes loaded, of them generated at run time, and bytes of class files read (generated ones: 0). */
    record Library(String name, int classes, int generated, long bytes) {
    }

    /**
     * The libraries classes are counted under, by package prefix, first match wins. "JDK TLS and crypto" is split from
     * the rest of the JDK because the trust store, the TLS context and the handshakes are a phase of their own.
     */
    static final List<Map.Entry<String, String>> LIBRARIES = List.of(
            Map.entry("dev.kvconfig.benchmarks.", "benchmark app"),
            Map.entry("dev.kvconfig.", "kvconfig"),
            Map.entry("com.azure.security.keyvault.", "Key Vault SDK"),
            Map.entry("com.azure.core.http.netty.", "azure-core-http-netty"),
            Map.entry("com.azure.core.", "azure-core"),
            Map.entry("com.azure.json.", "azure-json"),
            Map.entry("com.azure.xml.", "azure-json"),
            Map.entry("com.azure.identity.", "azure-identity + MSAL"),
            Map.entry("com.microsoft.aad.", "azure-identity + MSAL"),
            Map.entry("com.nimbusds.", "azure-identity + MSAL"),
            Map.entry("net.minidev.", "azure-identity + MSAL"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("reactor.netty.", "reactor-netty"),
            Map.entry("reactor.", "Reactor"),
            Map.entry("org.reactivestreams.", "Reactor"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("io.smallrye.", "SmallRye Config"),
            Map.entry("org.eclipse.microprofile.", "SmallRye Config"),
            Map.entry("org.jboss.logging.", "SmallRye Config"),
            Map.entry("org.objectweb.asm.", "SmallRye Config"),
            Map.entry("com.github.benmanes.caffeine.", "Caffeine"),
            Map.entry("io.quarkus.", "Quarkus, Vert.x, Micrometer, Jakarta"),
            Map.entry("io.vertx.", "Quarkus, Vert.x, Micrometer, Jakarta"),
            Map.entry("io.micrometer.", "Quarkus, Vert.x, Micrometer, Jakarta"),
            Map.entry("jakarta.", "Quarkus, Vert.x, Micrometer, Jakarta"),
            Map.entry("org.jboss.", "Quarkus, Vert.x, Micrometer, Jakarta"),
            Map.entry("org.slf4j.", "SLF4J"),
            Map.entry("sun.security.", "JDK TLS and crypto"),
            Map.entry("javax.net.ssl.", "JDK TLS and crypto"),
            Map.entry("javax.security.", "JDK TLS and crypto"),
            Map.entry("java.security.", "JDK TLS and crypto"),
            Map.entry("javax.crypto.", "JDK TLS and crypto"),
            Map.entry("com.sun.crypto.", "JDK TLS and crypto"),
            Map.entry("java.", "JDK, other"),
            Map.entry("javax.", "JDK, other"),
            Map.entry("jdk.", "JDK, other"),
            Map.entry("sun.", "JDK, other"),
            Map.entry("com.sun.", "JDK, other"));

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns\\] (\\S+) source: (.*)$");

    private final List<Loaded> classes;

    private ClassLoadLog(List<Loaded> classes) {
        this.classes = List.copyOf(classes);
    }

    static ClassLoadLog read(Path file) throws IOException {
        List<Loaded> classes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                String name = m.group(2);
                classes.add(new Loaded(Long.parseLong(m.group(1)), name, isGenerated(name, m.group(3))));
            }
        }
        return new ClassLoadLog(classes);
    }

    private static boolean isGenerated(String name, String source) {
        return name.contains("$$Lambda$") || name.contains("LambdaForm$") || name.contains("$Proxy")
                || source.startsWith("__") || !(source.startsWith("jrt:") || source.startsWith("file:")
                        || source.startsWith("jar:") || source.startsWith("shared objects file"));
    }

    List<Loaded> classes() {
        return classes;
    }

    int size() {
        return classes.size();
    }

    /** When the JVM loaded its first class: the start of the log's clock, a few milliseconds after the process. */
    long startNanos() {
        return classes.isEmpty() ? 0 : classes.get(0).nanos();
    }

    /** When {@code className} was first loaded, or -1 if it never was. */
    long firstLoad(String className) {
        for (Loaded c : classes) {
            if (c.name().equals(className)) {
                return c.nanos();
            }
        }
        return -1;
    }

    static String library(String className) {
        for (Map.Entry<String, String> e : LIBRARIES) {
            if (className.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other";
    }

    /** Per library, in {@link #LIBRARIES} order, loaded between {@code from} and {@code to} ({@code System.nanoTime}). */
    Map<String, Library> byLibrary(long from, long to, java.util.function.ToLongFunction<String> bytes) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : LIBRARIES) {
            counts.putIfAbsent(e.getValue(), new int[2]);
            sizes.putIfAbsent(e.getValue(), 0L);
        }
        counts.put("other", new int[2]);
        sizes.put("other", 0L);
        for (Loaded c : classes) {
            if (c.nanos() < from || c.nanos() > to) {
                continue;
            }
            String lib = library(c.name());
            int[] n = counts.get(lib);
            n[0]++;
            if (c.generated()) {
                n[1]++;
            } else {
                sizes.merge(lib, bytes.applyAsLong(c.name()), Long::sum);
            }
        }
        Map<String, Library> result = new LinkedHashMap<>();
        counts.forEach((lib, n) -> {
            if (n[0] > 0) {
                result.put(lib, new Library(lib, n[0], n[1], sizes.get(lib)));
            }
        });
        return result;
    }

    /**
     * Class-file sizes, looked up in this (the driver's) JVM, whose classpath holds every class the children load: the
     * JDK's through its runtime image, the rest in the shaded benchmark jar. Not thread-safe.
     */
    static final class ClassBytes implements java.util.function.ToLongFunction<String> {
        private final Map<String, Long> cache = new java.util.HashMap<>();

        @Override
        public long applyAsLong(String className) {
            return cache.computeIfAbsent(className, ClassBytes::lookUp);
        }

        private static long lookUp(String className) {
            URL url = ClassLoader.getSystemResource(className.replace('.', '/') + ".class");
            if (url == null) {
                return 0;
            }
            try (InputStream in = url.openStream()) {
                return in.readAllBytes().length;
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
