package dev.kvconfig.examples.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Threads querying through the pool in a loop until stopped, counting what succeeded and what failed. */
final class QueryLoad {
    /** What the threads did: queries that succeeded, failed, and the first failure's message (null if none). */
    record Result(long succeeded, long failed, String firstFailure) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    private QueryLoad() {
    }

    static QueryLoad start(OrdersPool pool, int count) {
        QueryLoad load = new QueryLoad();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                while (load.running.get()) {
                    try {
                        pool.countOrders();
                        load.succeeded.incrementAndGet();
                    } catch (Exception e) {
                        load.failed.incrementAndGet();
                        load.firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }, "orders-query-" + i);
            t.setDaemon(true);
            t.start();
            load.threads.add(t);
        }
        return load;
    }

    /** Stops the threads, waits for them, and returns the counts. */
    Result stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(succeeded.get(), failed.get(), firstFailure.get());
    }
}
