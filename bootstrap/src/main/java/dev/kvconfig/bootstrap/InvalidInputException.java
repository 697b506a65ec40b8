package dev.kvconfig.bootstrap;

/**
 * Bad input found before any call to Azure (a spec key, a vault name, a missing option): exit code 2.
 * The message says what is wrong; {@link #fix()} says what to do.
 */
final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    InvalidInputException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
