package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.source.SecretsChangeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Observes the extension's CDI change events. */
@ApplicationScoped
public class ChangeRecorder {

    private final List<SecretsChangeEvent> events = new CopyOnWriteArrayList<>();

    void onChange(@Observes SecretsChangeEvent event) {
        events.add(event);
    }

    List<SecretsChangeEvent> events() {
        return List.copyOf(events);
    }
}
