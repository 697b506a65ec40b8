package dev.kvconfig.benchmarks;

import java.time.Duration;

/**
 * The least any Key Vault config source can do, the yardstick next to each figure: listing costs
 * {@code ceil(N/25)} sequential pages (Key Vault pages hold at most 25 items), and fetching N values with C requests in
 * flight costs {@code ceil(N/C)} round trips. Stateless.
 */
final class Floor {

    /** Items per list page, the Key Vault maximum ({@code maxresults} 1..25). */
    static final int PAGE_SIZE = 25;
    /** kvconfig's default {@code keyvault.max-concurrency}. */
    static final int DEFAULT_CONCURRENCY = 16;

    private Floor() {
    }

    /** {@code ceil(N/25)·L + ceil(N/C)·L}: list every page, then fetch every value, C at a time. */
    static Duration startup(int secrets, Duration latency, int concurrency) {
        if (secrets < 0 || concurrency < 1) {
            throw new IllegalArgumentException("secrets must be >= 0 and concurrency >= 1, got " + secrets + ", "
                    + concurrency);
        }
        return latency.multipliedBy(listPages(secrets) + ceilDiv(secrets, concurrency));
    }

    /** Requests of an idle refresh: the list pages, no value fetched. */
    static long idleRefreshRequests(int secrets) {
        return listPages(secrets);
    }

    /** Requests of a startup: the list pages plus one GET per secret. */
    static long startupRequests(int secrets) {
        return listPages(secrets) + secrets;
    }

    /** An empty vault still answers one (empty) page. */
    static long listPages(int secrets) {
        return Math.max(1, ceilDiv(secrets, PAGE_SIZE));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
