package dev.kvconfig.examples.quarkus;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Queries the orders datasource, whose login the vault serves ({@code quarkus.datasource.credentials-provider}): shows
 * the database user the pool's connection logged in as, never a password.
 */
@Path("/orders-db")
public class OrdersDbResource {

    /** An Instance: in the packaged app the datasource is configured only when you give it a URL. */
    @Inject
    Instance<AgroalDataSource> dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String user() throws SQLException {
        try (Connection c = dataSource.get().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT CURRENT_USER()")) {
            r.next();
            return "{\"user\":\"" + r.getString(1) + "\"}";
        }
    }
}
