package dev.kvconfig.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine a run happened on, for the report. */
record Machine(String cpu, int cores, String memory, String java, String os, String loadBefore, String loadAfter) {

    static Machine now(String loadBefore) {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"), loadBefore, loadAverage());
    }

    /** The 1, 5 and 15 minute load averages (/proc/loadavg), or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    private static String totalMemory() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return Math.round(Long.parseLong(kb.replace("kB", "").trim()) / 1024.0 / 1024.0) + " GiB";
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }
}
