package dev.kvconfig.bootstrap;

/**
 * A failed operation explained for the operator: one line saying what failed, one saying the fix. Exit code 1.
 * Never carries a secret value.
 */
final class BootstrapException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    BootstrapException(String message, String fix) {
        this(message, fix, null);
    }

    BootstrapException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
