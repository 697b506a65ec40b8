package dev.kvconfig.examples.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP API. It reports whether secrets are configured, never what they are. */
@RestController
public class OrdersController {

    private final Greeting greeting;
    private final OrdersSettings orders;
    private final JdbcTemplate database;

    OrdersController(Greeting greeting, OrdersSettings orders, JdbcTemplate database) {
        this.greeting = greeting;
        this.orders = orders;
        this.database = database;
    }

    /** Which login the pool's connection uses: the database answers, so the password the pool has works. */
    @GetMapping("/orders/database")
    public Map<String, String> database() {
        return Map.of("user", database.queryForObject("SELECT CURRENT_USER", String.class));
    }

    @GetMapping("/greeting")
    public Map<String, String> greeting() {
        return Map.of("message", greeting.message());
    }

    @GetMapping("/orders/config")
    public Map<String, Object> config() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiKeyConfigured", orders.getApiKey() != null && !orders.getApiKey().isEmpty());
        body.put("dbPasswordConfigured", orders.getDbPassword() != null && !orders.getDbPassword().isEmpty());
        body.put("pageSize", orders.getPageSize());
        return body;
    }
}
