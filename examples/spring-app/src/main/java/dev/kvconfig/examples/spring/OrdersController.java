package dev.kvconfig.examples.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP API. It reports whether secrets are configured, never what they are. */
@RestController
public class OrdersController {

    private final Greeting greeting;
    private final OrdersSettings orders;

    OrdersController(Greeting greeting, OrdersSettings orders) {
        this.greeting = greeting;
        this.orders = orders;
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
