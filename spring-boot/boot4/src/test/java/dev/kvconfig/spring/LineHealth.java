package dev.kvconfig.spring;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

/** A health indicator's answer on Boot 4 ({@code org.springframework.boot.health.contributor}), for the shared suite. */
record LineHealth(String status, Map<String, Object> details) {

    static LineHealth of(ApplicationContext context, String indicator) {
        Health health = context.getBean(indicator, HealthIndicator.class).health();
        return new LineHealth(health.getStatus().getCode(), health.getDetails());
    }
}
