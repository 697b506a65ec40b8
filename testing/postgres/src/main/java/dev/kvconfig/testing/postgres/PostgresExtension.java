package dev.kvconfig.testing.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link PostgresServer} per test class: started before all tests, closed after all. Parameters of type
 * {@code PostgresServer} are injected.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension POSTGRES = new PostgresExtension();
 * }</pre>
 * or {@code @ExtendWith(PostgresExtension.class)}. Register it on a static field: an instance field would start one
 * server per test. Nested classes share the outer class's server.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private PostgresServer server;
    private String owner;

    /** The running server. @throws IllegalStateException outside the test class's lifecycle */
    public PostgresServer get() {
        if (server == null) {
            throw new IllegalStateException("the PostgreSQL server runs only between beforeAll and afterAll;"
                    + " register the extension on a static field");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = PostgresServer.start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(owner)) {
            server.close();
            server = null;
            owner = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
