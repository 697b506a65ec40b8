package dev.kvconfig.examples.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.stereotype.Component;

/** Built from {@code greeting.message} (secret {@code greeting-message}); rebuilt when a refresh rotates it. */
@Component
@RefreshScope
public class Greeting {

    private final String message;

    Greeting(@Value("${greeting.message}") String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
