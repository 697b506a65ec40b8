package dev.kvconfig.examples.micronaut;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.context.scope.Refreshable;

/** The greeting; {@code @Refreshable}, so a rotated {@code greeting-message} secret is served after the next refresh. */
@Refreshable
public class Greeting {

    @Value("${greeting.message}")
    String message;

    public String message() {
        return message;
    }
}
