package dev.kvconfig.emulator.identity;

/**
 * What an identity endpoint answers: an HTTP status and a JSON body.
 *
 * @param status HTTP status code
 * @param body JSON text; may hold an access token, so it is never part of {@link #toString()}
 */
public record Reply(int status, String body) {
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    @Override
    public String toString() {
        return "Reply[status=" + status + "]";
    }
}
