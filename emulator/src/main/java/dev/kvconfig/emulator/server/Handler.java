package dev.kvconfig.emulator.server;

/** Handles one matched request. Called on a server worker thread; may be called concurrently. */
@FunctionalInterface
public interface Handler {
    /**
     * @return the response
     * @throws ServiceError for an error answer in the Key Vault shape; any other exception becomes a 500
     */
    Response handle(Request request);
}
