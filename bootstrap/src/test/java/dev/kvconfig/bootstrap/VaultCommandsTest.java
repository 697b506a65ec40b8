package dev.kvconfig.bootstrap;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The imperative verbs against the emulator's Resource Manager API. Pre-declared vault "demo" lives in rg-emulator. */
class VaultCommandsTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");

    @TempDir
    static Path dir;
    static String info;

    @BeforeAll
    static void writeInfo(KeyVaultEmulator emulator) {
        info = emulator.writeInfoFile(dir.resolve("emulator.json")).toString();
    }

    static Cli.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--emulator-info";
        all[1] = info;
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    static Map<String, Object> json(Cli.Result result) throws IOException {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        return ApplyTest.json(result.out());
    }

    @Test
    void vault_deleteListDeletedCheckNameRecoverPurge_fullLifecycle() throws IOException {
        assertThat(json(cli("vault", "create", "kv-life-it", "-g", "rg-emulator", "-l", "westeurope", "--tag", "team=ops",
                "--output", "json")).get("vaultUri")).asString().startsWith("https://localhost:");
        assertThat(json(cli("vault", "delete", "kv-life-it", "--output", "json")).get("deleted")).isEqualTo(true);

        assertThat(cli("vault", "list-deleted").out()).contains("kv-life-it");
        Map<String, Object> check = json(cli("vault", "check-name", "kv-life-it", "--output", "json"));
        assertThat(check).containsEntry("available", false).containsEntry("reason", "AlreadyExists")
                .containsEntry("holder", "deleted-but-recoverable");
        assertThat(cli("vault", "check-name", "kv-life-it").out()).contains("recoverable");

        Map<String, Object> recovered = json(cli("vault", "recover", "kv-life-it", "--output", "json"));
        assertThat(recovered).containsEntry("name", "kv-life-it").containsEntry("resourceGroup", "rg-emulator");
        assertThat(json(cli("vault", "show", "kv-life-it", "--output", "json")).get("tags")).isEqualTo(Map.of("team", "ops"));

        assertThat(cli("vault", "delete", "kv-life-it", "-g", "rg-emulator").exitCode()).isEqualTo(0);
        Cli.Result refused = cli("vault", "purge", "kv-life-it");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(cli("vault", "purge", "kv-life-it", "--yes").exitCode()).isEqualTo(0);
        assertThat(json(cli("vault", "check-name", "kv-life-it", "--output", "json"))).containsEntry("available", true);
        assertThat(cli("vault", "recover", "kv-life-it").err()).contains("no deleted vault named kv-life-it");
    }

    @Test
    void vaultCreate_takenName_saysWhoseItIs() {
        Cli.Result yours = cli("vault", "create", "demo", "-g", "rg-other", "-l", "westeurope");
        assertThat(yours.exitCode()).isEqualTo(1);
        assertThat(yours.err()).contains("error: vault name demo exists in resource group rg-emulator of your subscription")
                .contains("fix: use that resource group");
        assertThat(cli("vault", "check-name", "demo").out()).contains("demo: taken (AlreadyExists, yours)");
    }

    @Test
    void vaultCreate_nameHeldInAnotherSubscription_saysSomeoneElseHoldsItAndCreatesNothing(KeyVaultEmulator emulator) {
        String foreign = dev.kvconfig.emulator.arm.ResourceManagerApi.FOREIGN_VAULT_NAME;
        Cli.Result create = cli("vault", "create", foreign, "-g", "rg-emulator", "-l", "westeurope");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).contains("error: vault name " + foreign + " is taken by someone else")
                .contains("vault names are global across Azure")
                .contains("fix: pick another name");
        assertThat(cli("vault", "check-name", foreign).out())
                .contains(foreign + ": taken (AlreadyExists, someone-else): is taken by someone else");
        assertThat(cli("vault", "list").out()).doesNotContain(foreign);
    }

    @Test
    void vaultCreate_invalidName_isRefusedBeforeAnyCall(KeyVaultEmulator emulator) {
        long before = emulator.stats().total();
        Cli.Result result = cli("vault", "create", "1kv", "-g", "rg-emulator", "-l", "westeurope");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid vault name '1kv'").contains("starting with a letter");
        assertThat(emulator.stats().total()).isEqualTo(before);
    }

    @Test
    void vaultList_andShow_describeVaultsInJsonAndText() throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> vaults = (List<Map<String, Object>>) json(cli("vault", "list", "--output", "json")).get("vaults");
        assertThat(vaults).extracting(v -> v.get("name")).contains("demo");
        assertThat(cli("vault", "list", "-g", "rg-emulator").out()).contains("demo  rg-emulator  westeurope");
        assertThat(cli("vault", "show", "demo").out()).contains("authorization: access-policies");
        assertThat(cli("vault", "show", "kv-nowhere").err()).contains("vault kv-nowhere not found");
    }

    @Test
    void policy_grantThenRevoke_changesTheVaultsPolicies() throws IOException {
        String oid = "44444444-4444-4444-4444-444444444444";
        assertThat(cli("vault", "create", "kv-policy-it", "-g", "rg-emulator", "-l", "westeurope").exitCode()).isEqualTo(0);
        assertThat(cli("policy", "grant", "kv-policy-it", "--object-id", oid, "--secrets", "get,list").exitCode()).isEqualTo(0);
        assertThat(json(cli("vault", "show", "kv-policy-it", "--output", "json")).get("accessPolicies")).asString()
                .contains(oid).contains("get").contains("list");
        Map<String, Object> revoked = json(cli("policy", "revoke", "kv-policy-it", "--object-id", oid, "--output", "json"));
        assertThat(revoked).containsEntry("revoked", true);
        assertThat(json(cli("vault", "show", "kv-policy-it", "--output", "json")).get("accessPolicies")).isEqualTo(List.of());
    }

    @Test
    void secrets_importThenList_showsNamesNeverValues() throws IOException {
        Path file = Files.writeString(dir.resolve("app.properties"), "db.password=imported-6f2c\nmail.host=smtp\n");
        Cli.Result imported = cli("secrets", "import", "demo", "-f", file.toString(), "--prefix", "app-");
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(0);
        assertThat(imported.out()).contains("app-db-password: set").contains("2 of 2 secret(s) written");
        assertThat(cli("secrets", "import", "demo", "-f", file.toString(), "--prefix", "app-").out())
                .contains("app-db-password: unchanged").contains("0 of 2");

        Cli.Result list = cli("secrets", "list", "demo");
        Cli.Result listJson = cli("secrets", "list", "demo", "--output", "json");
        assertThat(list.out()).contains("app-db-password  enabled").contains("app-mail-host");
        assertThat(listJson.out()).contains("\"name\":\"app-db-password\"");
        for (Cli.Result result : List.of(imported, list, listJson)) {
            assertThat(result.out() + result.err()).doesNotContain("imported-6f2c").doesNotContain("smtp");
        }
    }
}
