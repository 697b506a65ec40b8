package dev.kvconfig.bootstrap;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * plan/apply end to end against the emulator's Resource Manager API and a vault that accepts only emulator-signed
 * tokens and enforces its access policies / role assignments. The CLI authenticates at the emulator's token endpoint
 * as client "kvconfig-bootstrap"; the application as client "orders-app", reading through kvconfig-source.
 */
class ApplyTest {
    static final String BOOTSTRAP_OID = objectId(Connection.DEFAULT_EMULATOR_CLIENT_ID);
    static final String APP_OID = objectId("orders-app");

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true));

    @TempDir
    static Path dir;
    static String info;

    @BeforeAll
    static void writeInfo(KeyVaultEmulator emulator) {
        info = emulator.writeInfoFile(dir.resolve("emulator.json")).toString();
    }

    static String objectId(String clientId) {
        return UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Path spec(String name, String vault, String extraVault, String access, String secrets) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), secrets);
        return Files.writeString(dir.resolve(name + ".yaml"), """
                resourceGroup: rg-%s
                location: westeurope
                vault:
                  name: %s
                %s
                access:
                %s
                secrets:
                  file: %s.properties
                """.formatted(name, vault, extraVault, access, name));
    }

    static String policies() {
        return """
                  - objectId: %s
                    secrets: [get, list]
                  - objectId: %s
                    secrets: [get, list, set, delete, recover]
                """.formatted(APP_OID, BOOTSTRAP_OID);
    }

    static Cli.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--emulator-info";
        all[1] = info;
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws IOException {
        try (JsonReader reader = JsonProviders.createReader(text)) {
            reader.nextToken();
            return (Map<String, Object>) reader.readUntyped();
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> changes(Cli.Result result) throws IOException {
        return ((List<Map<String, Object>>) json(result.out()).get("changes")).stream()
                .map(c -> c.get("action") + " " + c.get("kind") + " " + c.get("name")).toList();
    }

    /** The application's view: kvconfig-source with its own identity, the SDK's challenge check on. */
    static SmallRyeConfig appConfig(KeyVaultEmulator emulator, String vault, String clientId) throws IOException {
        Map<String, Object> vaultJson = json(cli("--output", "json", "vault", "show", vault).out());
        int port = java.net.URI.create((String) vaultJson.get("vaultUri")).getPort();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("keyvault.url", "https://" + vault + ".vault.azure.net:" + port + "/");
        s.put("keyvault.credential.type", "client-secret");
        s.put("keyvault.credential.authority-host", emulator.authorityHost().toString());
        s.put("keyvault.credential.tenant-id", emulator.tenantId());
        s.put("keyvault.credential.client-id", clientId);
        s.put("keyvault.credential.client-secret", clientId + "-secret");
        s.put("keyvault.tls.trust-store", emulator.trustStore().toString());
        s.put("keyvault.tls.trust-store-password", emulator.trustStorePassword());
        s.put("keyvault.tls.trust-store-type", emulator.trustStoreType());
        s.put("keyvault.refresh.interval", "0");
        s.put("keyvault.retry.max-retries", "0");
        return new SmallRyeConfigBuilder().addDiscoveredSources().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(s, "test", 250)).build();
    }

    @Test
    void apply_emptyEmulator_createsEverything_andTheAppReadsIt_andReapplyIsNoOp(KeyVaultEmulator emulator) throws IOException {
        Path spec = spec("orders", "kv-orders-it", "  tags: {team: orders}", policies(),
                "db.password=pw-7f3a91\ndb.url=jdbc:postgresql://db/orders\n");

        Cli.Result plan = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(3);
        assertThat(changes(plan)).containsExactly("create resource-group rg-orders", "create vault kv-orders-it",
                "create access-policy " + APP_OID, "create access-policy " + BOOTSTRAP_OID,
                "create secret db-password", "create secret db-url");

        emulator.resetStats();
        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes", "--output", "json");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(0);
        assertThat(apply.err()).isEmpty(); // no progress in JSON mode
        Map<String, Object> firstRequests = castMap(json(apply.out()).get("requests"));
        long firstVaultStats = emulator.stats().vault("kv-orders-it").total();

        emulator.resetStats();
        Cli.Result noop = cli("apply", "-f", spec.toString(), "--yes", "--output", "json");
        assertThat(noop.exitCode()).as(noop.toString()).isEqualTo(0);
        assertThat(changes(noop)).isEmpty();
        Map<String, Object> noopRequests = castMap(json(noop.out()).get("requests"));
        System.out.println("REQUEST COUNTS apply on empty emulator: " + firstRequests + " (vault stats " + firstVaultStats
                + "); no-op apply: " + noopRequests + " (vault stats "
                + emulator.stats().vault("kv-orders-it").operations() + ")");
        assertThat(((Number) noopRequests.get("vault")).longValue()).isLessThan(10);

        Cli.Result again = cli("plan", "-f", spec.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(0);
        assertThat(again.out()).contains("No changes");

        SmallRyeConfig config = appConfig(emulator, "kv-orders-it", "orders-app");
        try {
            assertThat(config.getValue("db.password", String.class)).isEqualTo("pw-7f3a91");
            assertThat(config.getValue("db.url", String.class)).isEqualTo("jdbc:postgresql://db/orders");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void plan_editedSpec_exits3WithTheDiff_andNeverPrintsValues() throws IOException {
        Path spec = spec("edit", "kv-edit-it", "", policies(), "db.password=old-9c2e\nkeep=same\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);

        spec("edit", "kv-edit-it", "  sku: premium", policies(), "db.password=new-4b7d\nkeep=same\nfeature.flag=on-3e8a\n");
        Cli.Result json = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(3);
        assertThat(changes(json)).containsExactly("update vault kv-edit-it", "update secret db-password",
                "create secret feature-flag");
        Cli.Result text = cli("plan", "-f", spec.toString());
        assertThat(text.exitCode()).isEqualTo(3);
        assertThat(text.out()).contains("~ secret db-password (value changed)").contains("sku standard -> premium");
        for (Cli.Result result : List.of(json, text)) {
            assertThat(result.out() + result.err()).doesNotContain("old-9c2e", "new-4b7d", "on-3e8a", "same\n");
        }

        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        assertThat(cli("plan", "-f", spec.toString()).exitCode()).isEqualTo(0);
    }

    @Test
    void apply_accessPolicyChangeOnly_updatesThatPrincipalAndLeavesOthersAlone() throws IOException {
        Path spec = spec("narrow", "kv-narrow-it", "", policies(), "a=1\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        // Someone else grants a principal the spec does not declare.
        String other = "0d9f3c1e-5a4b-4c2d-9e8f-7a6b5c4d3e2f";
        assertThat(cli("policy", "grant", "kv-narrow-it", "--object-id", other, "--secrets", "get").exitCode())
                .isEqualTo(0);

        spec("narrow", "kv-narrow-it", "", """
                  - objectId: %s
                    secrets: [get]
                  - objectId: %s
                    secrets: [get, list, set, delete, recover]
                """.formatted(APP_OID, BOOTSTRAP_OID), "a=1\n");
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(changes(plan)).containsExactly("update access-policy " + APP_OID);

        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(0);
        // An access-policy update of that principal, not a PUT of the whole vault.
        assertThat(apply.err()).contains("setting access policies of " + APP_OID).doesNotContain("updating vault");

        String shown = cli("--output", "json", "vault", "show", "kv-narrow-it").out();
        assertThat(shown).contains(other);
        Cli.Result after = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(after.exitCode()).isEqualTo(0);

        Cli.Result prune = cli("apply", "-f", spec.toString(), "--prune", "--yes");
        assertThat(prune.exitCode()).as(prune.toString()).isEqualTo(0);
        assertThat(prune.err()).contains("removing access policies of " + other);
        assertThat(cli("--output", "json", "vault", "show", "kv-narrow-it").out()).doesNotContain(other);
        assertThat(cli("plan", "-f", spec.toString(), "--prune").exitCode()).isEqualTo(0);
    }

    @Test
    void apply_keys_createsMissingKeysOnce_andNotesAnotherShape() throws IOException {
        Files.writeString(dir.resolve("keyed.properties"), "a=1\n");
        String yaml = """
                resourceGroup: rg-keyed
                location: westeurope
                vault:
                  name: kv-keyed-it
                access:
                  - objectId: %s
                    secrets: [get, list, set, delete, recover]
                    keys: [get, create]
                secrets:
                  file: keyed.properties
                keys:
                  - name: jwt-signing
                    size: 3072
                    ops: [sign, verify]
                  - name: ec-signing
                    type: ec
                    curve: P-384
                """.formatted(BOOTSTRAP_OID);
        Path spec = Files.writeString(dir.resolve("keyed.yaml"), yaml);
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(changes(plan)).contains("create key jwt-signing", "create key ec-signing");

        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(0);
        assertThat(apply.err()).contains("key jwt-signing: create (rsa 3072, ops [sign, verify])");
        Map<String, Object> shown = json(cli("keys", "show", "kv-keyed-it", "jwt-signing", "--output", "json").out());
        assertThat(((Number) shown.get("keySize")).intValue()).isEqualTo(3072);
        assertThat(cli("keys", "show", "kv-keyed-it", "ec-signing").out()).contains("curve: P-384");

        Cli.Result again = cli("plan", "-f", spec.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(0);

        Files.writeString(spec, yaml.replace("size: 3072", "size: 4096"));
        Cli.Result other = cli("plan", "-f", spec.toString());
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(0);
        assertThat(other.out()).contains("note: key jwt-signing exists as rsa 3072, ops [sign, verify], the spec says "
                + "rsa 4096, ops [sign, verify]: kept");
    }

    @Test
    void apply_interruptedOrDrifted_convergesOnRerun(KeyVaultEmulator emulator) throws IOException {
        Path spec = spec("drift", "kv-drift-it", "", policies(), "a=1\nb=2\nc=3\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        // As if an earlier apply stopped half-way or someone edited the vault: one secret soft-deleted, one changed.
        emulator.deleteSecret("kv-drift-it", "a");
        emulator.setSecret("kv-drift-it", "b", "tampered");
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(changes(plan)).containsExactly("create secret a", "update secret b");

        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(0);
        assertThat(apply.err()).contains("secret a was deleted: recovering it first");
        assertThat(cli("plan", "-f", spec.toString()).exitCode()).isEqualTo(0);
    }

    @Test
    void apply_prune_deletesOnlyWhatTheSpecDoesNotDeclare(KeyVaultEmulator emulator) throws IOException {
        Path spec = spec("prune", "kv-prune-it", "", policies(), "keep=1\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        emulator.setSecret("kv-prune-it", "stray", "x");
        Cli.Result kept = cli("plan", "-f", spec.toString());
        assertThat(kept.exitCode()).isEqualTo(0);
        assertThat(kept.out()).contains("note: secret stray is not in the secrets file: kept (--prune deletes it)");
        Cli.Result prune = cli("plan", "-f", spec.toString(), "--prune", "--output", "json");
        assertThat(changes(prune)).containsExactly("delete secret stray");
        assertThat(cli("apply", "-f", spec.toString(), "--prune", "--yes").exitCode()).isEqualTo(0);
        assertThat(cli("plan", "-f", spec.toString(), "--prune").exitCode()).isEqualTo(0);
    }

    @Test
    void app_withoutPolicy_getsForbiddenNamingThePermission(KeyVaultEmulator emulator) throws IOException {
        Path spec = spec("deny", "kv-deny-it", "", policies(), "db.password=deny-5d1c\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        assertThatThrownBy(() -> appConfig(emulator, "kv-deny-it", "intruder-app"))
                .hasMessageContaining("does not have secrets list permission")
                .hasMessageNotContaining("deny-5d1c");
    }

    @Test
    void apply_rbacVault_assignsRoles_andTheAppReadsThroughItsRole(KeyVaultEmulator emulator) throws IOException {
        Path spec = spec("rbac", "kv-rbac-it", "  authorization: rbac", """
                  - objectId: %s
                    secrets: [get, list]
                  - objectId: %s
                    roles: [Key Vault Secrets Officer]
                """.formatted(APP_OID, BOOTSTRAP_OID), "api.key=rbac-8e0f\n");
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--output", "json");
        assertThat(changes(plan)).contains("create access-policy " + APP_OID + ":Key Vault Secrets User",
                "create access-policy " + BOOTSTRAP_OID + ":Key Vault Secrets Officer");
        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(0);
        assertThat(cli("plan", "-f", spec.toString()).exitCode()).isEqualTo(0);

        SmallRyeConfig config = appConfig(emulator, "kv-rbac-it", "orders-app");
        try {
            assertThat(config.getValue("api.key", String.class)).isEqualTo("rbac-8e0f");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void apply_rbacPrune_removesUndeclaredRoleAssignments() throws IOException {
        String extra = "55555555-5555-5555-5555-555555555555";
        String officer = """
                  - objectId: %s
                    roles: [Key Vault Secrets Officer]
                """.formatted(BOOTSTRAP_OID);
        Path spec = spec("rbacprune", "kv-rbacprune-it", "  authorization: rbac", officer + """
                  - objectId: %s
                    secrets: [get]
                """.formatted(extra), "k=v\n");
        assertThat(cli("apply", "-f", spec.toString(), "--yes").exitCode()).isEqualTo(0);
        spec("rbacprune", "kv-rbacprune-it", "  authorization: rbac", officer, "k=v\n");
        Cli.Result kept = cli("plan", "-f", spec.toString());
        assertThat(kept.exitCode()).isEqualTo(0);
        assertThat(kept.out()).contains("role assignment " + extra + ":Key Vault Secrets User is not in the spec: kept");
        assertThat(changes(cli("plan", "-f", spec.toString(), "--prune", "--output", "json")))
                .containsExactly("delete access-policy " + extra + ":Key Vault Secrets User");
        assertThat(cli("apply", "-f", spec.toString(), "--prune", "--yes").exitCode()).isEqualTo(0);
        assertThat(cli("plan", "-f", spec.toString(), "--prune").exitCode()).isEqualTo(0);
    }

    @Test
    void plan_vaultNameYoursInAnotherGroup_saysWhereItIs() throws IOException {
        Path spec = spec("moved", "demo", "", policies(), "");
        Cli.Result plan = cli("plan", "-f", spec.toString());
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("error: vault name demo exists in resource group rg-emulator of your subscription")
                .contains("fix: use that resource group in the spec");
    }

    @Test
    void apply_withoutWritePermissionForTheCli_failsNamingTheFix() throws IOException {
        Path spec = spec("nowrite", "kv-nowrite-it", "", """
                  - objectId: %s
                    secrets: [get, list]
                """.formatted(APP_OID), "x=secret-value-2a9b\n");
        Cli.Result apply = cli("apply", "-f", spec.toString(), "--yes");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("error: your identity (object id " + BOOTSTRAP_OID + ") may not")
                .contains("fix: add yourself to access:").doesNotContain("secret-value-2a9b");
    }

    @Test
    void plan_unknownSubscription_saysSo() throws IOException {
        Path spec = spec("nosub", "kv-nosub-it", "", policies(), "");
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--subscription", "99999999-9999-9999-9999-999999999999");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("error: unknown subscription").contains("fix: check --subscription");
    }

    @Test
    void plan_tokenForAnotherTenant_isAnAuthenticationFailure() throws IOException {
        Path spec = spec("notenant", "kv-notenant-it", "", policies(), "");
        Cli.Result plan = cli("plan", "-f", spec.toString(), "--tenant", "99999999-9999-9999-9999-999999999999");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
        // The token endpoint's own answer, not a later 401 from Resource Manager.
        assertThat(plan.err()).contains("error: authentication failed: the emulator's token endpoint")
                .contains("99999999-9999-9999-9999-999999999999/oauth2/v2.0/token").contains("AADSTS90002")
                .contains("fix: correct what the token endpoint names");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
