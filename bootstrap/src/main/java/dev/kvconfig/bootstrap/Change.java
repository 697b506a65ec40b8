package dev.kvconfig.bootstrap;

import java.util.Locale;

/**
 * One step of a plan: {@code action} on a {@code kind} named {@code name}, with a human {@code detail} for text
 * output ("value changed", "sku standard -> premium"). Never holds a secret value.
 */
record Change(Action action, Kind kind, String name, String detail) {

    enum Action {
        CREATE, UPDATE, DELETE;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** JSON names are DESIGN.md's; rbac role assignments are reported as {@code access-policy} named objectId:role. */
    enum Kind {
        RESOURCE_GROUP("resource-group"), VAULT("vault"), ACCESS_POLICY("access-policy"), SECRET("secret"),
        /** Only when the spec has {@code keys:} (an addition to DESIGN.md's kinds). */
        KEY("key");

        final String json;

        Kind(String json) {
            this.json = json;
        }
    }

    String symbol() {
        return switch (action) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case DELETE -> "-";
        };
    }
}
