package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;

/**
 * A load that did not finish within {@link KeyVaultSetting#STARTUP_TIMEOUT}; its message says whether the vault throttled it
 * meanwhile. Thrown by {@link SecretLoader#load}, on the loading thread.
 */
final class LoadTimeoutException extends RuntimeException {

    private final boolean throttled;

    LoadTimeoutException(KeyVaultOptions options, long throttledAnswers) {
        super(throttledAnswers > 0
                ? "throttled: the vault answered " + throttledAnswers + " requests with HTTP 429 and the load did not "
                        + "finish within " + options.key(KeyVaultSetting.STARTUP_TIMEOUT) + "=" + options.startupTimeout()
                : "the load did not finish within " + options.key(KeyVaultSetting.STARTUP_TIMEOUT) + "=" + options.startupTimeout());
        this.throttled = throttledAnswers > 0;
    }

    /**
     * Whether a load failed because the vault throttled it: the budget was spent while it did, or the throttle gate gave
     * a request up with the vault's 429 (its {@code Retry-After} reached past the budget).
     */
    static boolean throttled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            t = reactor.core.Exceptions.unwrap(t);
            if (t instanceof LoadTimeoutException) {
                return ((LoadTimeoutException) t).throttled;
            }
            if (t instanceof HttpResponseException && ((HttpResponseException) t).getResponse() != null) {
                int status = ((HttpResponseException) t).getResponse().getStatusCode();
                if (status == 429) {
                    return true;
                }
            }
        }
        return false;
    }
}
