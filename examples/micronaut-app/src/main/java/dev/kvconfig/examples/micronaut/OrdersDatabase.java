package dev.kvconfig.examples.micronaut;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code /orders/db}: one query through the {@code datasources.default} pool, whose password is the vault's
 * {@code orders-db-password}; it keeps answering across a rotation of that password.
 */
@Controller
public class OrdersDatabase {

    private final DataSource database;

    OrdersDatabase(DataSource database) {
        this.database = database;
    }

    @Get("/orders/db")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Map<String, String> db() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT CURRENT_USER")) {
            r.next();
            return Map.of("database", "up", "user", r.getString(1));
        }
    }
}
