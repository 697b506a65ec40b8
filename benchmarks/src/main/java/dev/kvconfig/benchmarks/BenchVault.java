package dev.kvconfig.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The secrets every benchmark loads: {@code bench-0000}… with 100-character values, the same in every run. */
final class BenchVault {

    /** The value length of the heap figure's ("1,000 secrets of 100 bytes"); ASCII, so 100 bytes too. */
    static final int VALUE_LENGTH = 100;
    /** The property every peer reads first. */
    static final String PROBE = "bench-0000";

    private BenchVault() {
    }

    static String secretName(int i) {
        return String.format("bench-%04d", i);
    }

    /** {@code count} secrets with deterministic pseudo-random values (fixed seed, so runs compare). */
    static Map<String, String> secrets(int count) {
        SplittableRandom random = new SplittableRandom(20261128L + count);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            secrets.put(secretName(i), value(random));
        }
        return secrets;
    }

    static String value(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(VALUE_LENGTH);
        for (int i = 0; i < VALUE_LENGTH; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Waits until the wall clock is in the next second (see {@link PeerComparison}: Key Vault's 1 s timestamps). */
    static void waitPastCurrentSecond() {
        long now = System.currentTimeMillis();
        try {
            Thread.sleep((now / 1000 + 1) * 1000 + 20 - now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
