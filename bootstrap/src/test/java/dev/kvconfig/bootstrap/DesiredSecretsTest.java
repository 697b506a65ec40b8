package dev.kvconfig.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DesiredSecretsTest {
    @TempDir
    Path dir;

    @Test
    void read_propertyNames_mapLikeTheConfigSource() throws IOException {
        Path file = Files.writeString(dir.resolve("a.properties"), "db.password=s3cret\napi_key=k\nPlain=p\n");
        DesiredSecrets secrets = DesiredSecrets.read(file, "orders-");
        assertThat(secrets.names()).containsExactly("orders-api-key", "orders-db-password", "orders-Plain");
        assertThat(secrets.value("ORDERS-DB-PASSWORD")).isEqualTo("s3cret");
    }

    @Test
    void read_twoPropertiesOneSecret_isRejectedNamingBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("a.properties"), "db.password=v4lue1\ndb_password=v4lue2\n");
        assertThatThrownBy(() -> DesiredSecrets.read(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'db.password' and 'db_password' both map to secret 'db-password'")
                .hasMessageNotContaining("v4lue");
    }

    @Test
    void toString_neverShowsValues() throws IOException {
        Path file = Files.writeString(dir.resolve("a.properties"), "db.password=s3cret\n");
        assertThat(DesiredSecrets.read(file, "").toString()).doesNotContain("s3cret").contains("count=1");
    }
}
