package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.server.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable();

    {
        table.add("GET", "/secrets/{name}/{version}", "GetSecret", r -> Response.noContent());
        table.add("GET", "/secrets/{name}/versions", "GetSecretVersions", r -> Response.noContent());
        table.add("PUT", "/secrets/{name}", "SetSecret", r -> Response.noContent());
    }

    @Test
    void match_literalBeatsPlaceholder() {
        assertThat(table.match("GET", List.of("secrets", "a", "versions")).route().operationId())
                .isEqualTo("GetSecretVersions");
        RouteTable.Match m = table.match("GET", List.of("secrets", "a", "0f"));
        assertThat(m.route().operationId()).isEqualTo("GetSecret");
        assertThat(m.params()).containsEntry("name", "a").containsEntry("version", "0f");
    }

    @Test
    void match_emptyTrailingSegment_matchesPlaceholder() {
        RouteTable.Match m = table.match("GET", Dispatcher.segments("/secrets/a/"));
        assertThat(m.route().operationId()).isEqualTo("GetSecret");
        assertThat(m.params()).containsEntry("version", "");
    }

    @Test
    void match_knownPathOtherMethod_isPathKnownWithoutRoute() {
        RouteTable.Match m = table.match("DELETE", List.of("secrets", "a"));
        assertThat(m.route()).isNull();
        assertThat(m.pathKnown()).isTrue();
        assertThat(table.match("GET", List.of("nothing")).pathKnown()).isFalse();
    }

    @Test
    void add_sameMethodAndPatternTwice_isRejected() {
        assertThatThrownBy(() -> table.add("PUT", "/secrets/{name}", "Other", r -> Response.noContent()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SetSecret");
    }

    @Test
    void segments_arePercentDecoded_plusKept() {
        assertThat(Dispatcher.segments("/secrets/a%2Db+c")).containsExactly("secrets", "a-b+c");
    }
}
