package dev.kvconfig.micronaut;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test bean: records the key sets of published refresh events. */
@Singleton
class RefreshEvents implements ApplicationEventListener<RefreshEvent> {

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(RefreshEvent event) {
        received.add(Map.copyOf(event.getSource()));
    }

    List<Map<String, Object>> received() {
        return List.copyOf(received);
    }

    void clear() {
        received.clear();
    }
}
