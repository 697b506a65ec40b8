package dev.kvconfig.spring;

import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ApplicationContext;

/** A health indicator's answer on Boot 3 ({@code org.springframework.boot.actuate.health}), for the shared suite. */
record LineHealth(String status, Map<String, Object> details) {

    static LineHealth of(ApplicationContext context, String indicator) {
        Health health = context.getBean(indicator, HealthIndicator.class).health();
        return new LineHealth(health.getStatus().getCode(), health.getDetails());
    }
}
