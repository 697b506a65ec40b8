package dev.kvconfig.quarkus.deployment;

/** The messages of an exception and its causes, one per line. */
final class Messages {

    private Messages() {
    }

    static String chain(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            text.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return text.toString();
    }
}
