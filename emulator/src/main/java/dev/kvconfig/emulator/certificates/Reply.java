package dev.kvconfig.emulator.certificates;

/**
 * What a certificate operation answers: an HTTP status and a JSON body ({@code null} body for 204).
 *
 * @param status HTTP status code
 * @param body JSON text or {@code null}
 */
public record Reply(int status, String body) {
    @Override
    public String toString() {
        return "Reply[status=" + status + "]";
    }
}
