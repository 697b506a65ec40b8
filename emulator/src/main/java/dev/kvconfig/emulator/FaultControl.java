package dev.kvconfig.emulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The faults in force: one setting for all vaults, optionally overridden per vault, and a throttle window per vault.
 * Thread safe.
 */
final class FaultControl {
    private final Faults baseline;
    private final LongSupplier nanoTime;
    private volatile Faults all;
    private final Map<String, Faults> perVault = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A fixed throttle window, and what the windows of one vault saw since the counts were last reset. */
    private static final class Window {
        long start;
        /** Served in this window: the budget used. */
        int used;
        /** Served and refused in this window. */
        int arrived;
        long windows;
        long refused;
        int busiest;
    }

    FaultControl(List<String> vaults, Faults baseline, LongSupplier nanoTime) {
        this.baseline = baseline;
        this.all = baseline;
        this.nanoTime = nanoTime;
        vaults.forEach(v -> windows.put(v, new Window()));
    }

    /** A vault created at runtime (through ARM); no-op when known. */
    void addVault(String vault) {
        windows.computeIfAbsent(vault, v -> {
            Window w = new Window();
            w.start = nanoTime.getAsLong();
            return w;
        });
    }

    Faults current(String vault) {
        Faults f = perVault.get(vault);
        return f != null ? f : all;
    }

    void setAll(Faults faults) {
        perVault.clear();
        all = faults;
        resetWindows();
    }

    void set(String vault, Faults faults) {
        perVault.put(vault, faults);
        resetWindows();
    }

    /** Back to the builder's baseline (its latency), for every vault. */
    void clear() {
        setAll(baseline);
    }

    /** Drops one vault's override. */
    void clear(String vault) {
        perVault.remove(vault);
        resetWindows();
    }

    private void resetWindows() {
        long now = nanoTime.getAsLong();
        windows.values().forEach(w -> {
            synchronized (w) {
                w.start = now;
                w.used = 0;
                w.arrived = 0;
            }
        });
    }

    /** Zeroes the throttle counts of every vault (the stats reset); the windows and their budgets run on. */
    void resetCounts() {
        windows.values().forEach(w -> {
            synchronized (w) {
                w.arrived = 0;
                w.windows = 0;
                w.refused = 0;
                w.busiest = 0;
            }
        });
    }

    /** What the throttle of one vault saw since the counts were last reset; {@link EmulatorStats.Throttling#NONE} if nothing. */
    EmulatorStats.Throttling throttling(String vault) {
        Window w = windows.get(vault);
        if (w == null) {
            return EmulatorStats.Throttling.NONE;
        }
        synchronized (w) {
            return w.windows == 0 ? EmulatorStats.Throttling.NONE
                    : new EmulatorStats.Throttling(w.windows, w.refused, w.busiest);
        }
    }

    /**
     * Takes one request from the vault's budget.
     *
     * @return 0 when the request may proceed, else the Retry-After seconds (at least 1)
     */
    long acquire(String vault, Faults.Throttle throttle) {
        Window w = windows.get(vault);
        long now = nanoTime.getAsLong();
        long windowNanos = throttle.per().toNanos();
        synchronized (w) {
            if (now - w.start >= windowNanos) {
                w.start = now - ((now - w.start) % windowNanos);
                w.used = 0;
                w.arrived = 0;
            }
            if (w.arrived++ == 0) {
                w.windows++;
            }
            w.busiest = Math.max(w.busiest, w.arrived);
            if (w.used < throttle.requests()) {
                w.used++;
                return 0;
            }
            w.refused++;
            long remaining = windowNanos - (now - w.start);
            return Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
        }
    }
}
