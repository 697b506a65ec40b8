package dev.kvconfig.bootstrap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {
    private static final String APP = "11111111-1111-1111-1111-111111111111";
    private static final String OTHER = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path dir;
    Spec spec;
    DesiredSecrets desired;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("app.properties"), "db.password=s3cret\ndb.url=jdbc:x\n");
        spec = SpecParser.parse(Files.writeString(dir.resolve("kvconfig.yaml"), """
                resourceGroup: rg-orders
                location: westeurope
                vault: {name: kv-orders, tags: {team: orders}}
                access:
                  - objectId: %s
                    secrets: [get, list]
                secrets: {file: app.properties}
                """.formatted(APP)));
        desired = DesiredSecrets.read(spec.secrets().file(), "");
    }

    private Observed.Vault vault(Map<String, Observed.Permissions> policies) {
        return new Observed.Vault("/subscriptions/s/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders",
                "kv-orders", "westeurope", "https://localhost:1/", "standard", false, 90, false, Map.of("team", "orders"),
                policies);
    }

    private static Observed.Permissions read() {
        return new Observed.Permissions(Set.of("get", "list"), Set.of(), Set.of());
    }

    @Test
    void of_nothingExists_createsEverythingInOrder() {
        Plan plan = Plan.of(spec, desired, Observed.nothing(false), false);
        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.kind().json + " " + c.name()).containsExactly(
                "CREATE resource-group rg-orders", "CREATE vault kv-orders", "CREATE access-policy " + APP,
                "CREATE secret db-password", "CREATE secret db-url");
    }

    @Test
    void of_everythingMatches_isEmpty() {
        Observed observed = new Observed(true, vault(Map.of(APP, read())), List.of(
                new Observed.Secret("db-password", Observed.SecretState.SAME, false),
                new Observed.Secret("DB-URL", Observed.SecretState.SAME, false)), List.of());
        assertThat(Plan.of(spec, desired, observed, false).isEmpty()).isTrue();
    }

    @Test
    void of_changedValueAndUndeclaredThings_updatesAndKeepsWithoutPrune() {
        Observed observed = new Observed(true, vault(Map.of(APP, read(), OTHER, read())), List.of(
                new Observed.Secret("db-password", Observed.SecretState.DIFFERENT, false),
                new Observed.Secret("db-url", Observed.SecretState.SAME, false),
                new Observed.Secret("legacy", Observed.SecretState.UNDECLARED, false)), List.of());
        Plan plan = Plan.of(spec, desired, observed, false);
        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.name() + " " + c.detail())
                .containsExactly("UPDATE db-password value changed");
        assertThat(plan.notes()).hasSize(2).allMatch(n -> n.contains("kept"));
    }

    @Test
    void of_prune_deletesUndeclaredButNeverManagedSecrets() {
        Observed observed = new Observed(true, vault(Map.of(APP, read(), OTHER, read())), List.of(
                new Observed.Secret("db-password", Observed.SecretState.SAME, false),
                new Observed.Secret("db-url", Observed.SecretState.SAME, false),
                new Observed.Secret("legacy", Observed.SecretState.UNDECLARED, false),
                new Observed.Secret("tls-cert", Observed.SecretState.UNDECLARED, true)), List.of());
        assertThat(Plan.of(spec, desired, observed, true).changes()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("DELETE " + OTHER, "DELETE legacy");
    }

    @Test
    void of_retentionChangeOnExistingVault_isRefusedWithFix() throws IOException {
        Spec shorter = SpecParser.parse(Files.writeString(dir.resolve("k2.yaml"),
                "resourceGroup: rg-orders\nlocation: westeurope\nvault: {name: kv-orders, softDeleteRetentionDays: 7}\n"));
        assertThatThrownBy(() -> Plan.of(shorter, DesiredSecrets.none(), new Observed(true, vault(Map.of()), List.of(), List.of()), false))
                .isInstanceOf(BootstrapException.class).hasMessageContaining("keeps deleted objects 90 days");
    }

    @Test
    void of_rbac_mapsPermissionsToRoles() throws IOException {
        Spec rbac = SpecParser.parse(Files.writeString(dir.resolve("k3.yaml"), """
                resourceGroup: rg-orders
                location: westeurope
                vault: {name: kv-orders, authorization: rbac}
                access:
                  - {objectId: %s, secrets: [get, list]}
                  - {objectId: %s, secrets: [get, set]}
                """.formatted(APP, OTHER)));
        assertThat(Plan.of(rbac, DesiredSecrets.none(), Observed.nothing(true), false).changes())
                .filteredOn(c -> c.kind() == Change.Kind.ACCESS_POLICY).extracting(Change::name)
                .containsExactly(APP + ":Key Vault Secrets User", OTHER + ":Key Vault Secrets Officer");
    }
}
