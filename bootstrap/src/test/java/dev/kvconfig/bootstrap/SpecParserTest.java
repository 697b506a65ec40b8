package dev.kvconfig.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecParserTest {
    @TempDir
    Path dir;

    private Path spec(String yaml) throws IOException {
        Files.writeString(dir.resolve("app.properties"), "db.password=x\n");
        return Files.writeString(dir.resolve("kvconfig.yaml"), yaml);
    }

    private static final String VALID = """
            resourceGroup: rg-orders
            location: West Europe
            vault:
              name: kv-orders
            access:
              - objectId: 11111111-1111-1111-1111-111111111111
                secrets: [get, LIST]
            secrets:
              file: app.properties
              prefix: orders-
            """;

    @Test
    void parse_sampleSpec_isValid() {
        Spec spec = SpecParser.parse(Path.of("examples/kvconfig.yaml"));
        assertThat(spec.vault().name()).isEqualTo("kv-orders");
        assertThat(spec.vault().tags()).containsEntry("team", "orders");
        assertThat(spec.access()).hasSize(2);
        assertThat(spec.secrets().file()).exists();
        assertThat(SpecParser.parse(Path.of("examples/kvconfig-rbac.yaml")).vault().authorization())
                .isEqualTo(Spec.Authorization.RBAC);
    }

    @Test
    void parse_minimalSpec_appliesDefaults() throws IOException {
        Spec spec = SpecParser.parse(spec(VALID));
        assertThat(spec.location()).isEqualTo("westeurope");
        assertThat(spec.vault().sku()).isEqualTo("standard");
        assertThat(spec.vault().authorization()).isEqualTo(Spec.Authorization.ACCESS_POLICIES);
        assertThat(spec.vault().softDeleteRetentionDays()).isEqualTo(90);
        assertThat(spec.vault().purgeProtection()).isFalse();
        assertThat(spec.access().get(0).secrets()).containsExactlyInAnyOrder("get", "list");
        assertThat(spec.secrets().prefix()).isEqualTo("orders-");
    }

    @Test
    void parse_keys_defaultsAndEveryProblemWithItsLine() throws IOException {
        Spec spec = SpecParser.parse(spec(VALID + """
                keys:
                  - name: jwt-signing
                  - name: ec-signing
                    type: ec
                    curve: p-384
                    ops: [SIGN, verify]
                    tags: {use: jwt}
                """));
        assertThat(spec.keys()).hasSize(2);
        assertThat(spec.keys().get(0).shape()).isEqualTo(new KeyShapes("rsa", 2048, null, List.of()));
        assertThat(spec.keys().get(1).shape()).isEqualTo(new KeyShapes("ec", 0, "P-384", List.of("sign", "verify")));
        assertThat(spec.keys().get(1).tags()).containsEntry("use", "jwt");

        Path bad = spec(VALID + """
                keys:
                  - name: k1
                    size: 1024
                  - name: k2
                    type: ec
                    size: 2048
                    ops: [encrypt]
                  - name: K1
                    type: oct
                """);
        assertThatThrownBy(() -> SpecParser.parse(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keys[0].size: '1024' is not an RSA size Key Vault creates")
                .hasMessageContaining("keys[1].size: is for rsa keys")
                .hasMessageContaining("keys[1].ops: 'encrypt' is not an operation of an ec key")
                .hasMessageContaining("keys[2].name: K1 is listed twice")
                .hasMessageContaining("keys[2].type: 'oct' is not one of: rsa, ec");
    }

    @Test
    void parse_unknownKey_namesLineAndKey() throws IOException {
        Path file = spec(VALID.replace("  name: kv-orders", "  name: kv-orders\n  skuu: premium"));
        assertThatThrownBy(() -> SpecParser.parse(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("kvconfig.yaml:5: vault.skuu: unknown key; did you mean sku?");
    }

    @Test
    void parse_misspeltRequiredKey_suggestsItAndDoesNotReportItMissing() throws IOException {
        Path file = spec(VALID.replace("resourceGroup:", "resourceGroupe:").replace("  name:", "  nmae:"));
        assertThatThrownBy(() -> SpecParser.parse(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("kvconfig.yaml:1: resourceGroupe: unknown key; did you mean resourceGroup?")
                .hasMessageContaining("kvconfig.yaml:4: vault.nmae: unknown key; did you mean name?")
                .hasMessageNotContaining("missing");
    }

    @Test
    void parse_unknownKeyNearNothing_listsKnownKeys() throws IOException {
        Path file = spec(VALID + "colour: blue\n");
        assertThatThrownBy(() -> SpecParser.parse(file))
                .hasMessageContaining("colour: unknown key; known keys: subscription, resourceGroup, location");
    }

    @Test
    void nearest_closeOrCaseOnly_findsTheKey() {
        List<String> known = List.of("subscription", "resourceGroup", "location", "vault", "access", "secrets", "keys");
        assertThat(SpecParser.nearest("resourcegroup", known)).isEqualTo("resourceGroup");
        assertThat(SpecParser.nearest("resourceGroupe", known)).isEqualTo("resourceGroup");
        assertThat(SpecParser.nearest("loaction", known)).isEqualTo("location");
        assertThat(SpecParser.nearest("secret", known)).isEqualTo("secrets");
        assertThat(SpecParser.nearest("key", known)).isEqualTo("keys");
        assertThat(SpecParser.nearest("region", known)).isNull();
        assertThat(SpecParser.nearest("kv", known)).isNull();
    }

    @Test
    void parse_invalidVaultName_namesLineAndRule() throws IOException {
        Path file = spec(VALID.replace("kv-orders", "kv--orders"));
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageContaining("kvconfig.yaml:4: vault.name: 'kv--orders' is invalid")
                .hasMessageContaining(NameRules.VAULT_RULE);
    }

    @Test
    void parse_badValues_reportsEveryProblemWithItsLine() throws IOException {
        Path file = spec("""
                resourceGroup: rg-orders
                location: westeurope
                vault:
                  name: kv-orders
                  sku: gold
                  softDeleteRetentionDays: 3
                access:
                  - objectId: not-a-guid
                    secrets: [get, read]
                """);
        assertThatThrownBy(() -> SpecParser.parse(file))
                .hasMessageContaining("kvconfig.yaml:5: vault.sku: 'gold' is not one of: standard, premium")
                .hasMessageContaining("kvconfig.yaml:6: vault.softDeleteRetentionDays: '3' must be a whole number of days from 7 to 90")
                .hasMessageContaining("kvconfig.yaml:8: access[0].objectId: 'not-a-guid' is not an object id")
                .hasMessageContaining("kvconfig.yaml:9: access[0].secrets: 'read' is not a secrets permission");
    }

    @Test
    void parse_missingRequiredKey_namesIt() throws IOException {
        Path file = spec("location: westeurope\nvault:\n  name: kv-orders\n");
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageStartingWith("kvconfig.yaml: resourceGroup: missing; it is required");
    }

    @Test
    void parse_malformedYaml_namesLine() throws IOException {
        Path file = spec("resourceGroup: rg\nlocation: westeurope\nvault:\n  name: [kv-orders\n");
        assertThatThrownBy(() -> SpecParser.parse(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("(?s)kvconfig\\.yaml:\\d+: not valid YAML.*");
    }

    @Test
    void parse_rolesWithAccessPolicies_isRejected() throws IOException {
        Path file = spec(VALID.replace("    secrets: [get, LIST]", "    roles: [Key Vault Secrets User]"));
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageContaining("roles apply to rbac vaults only");
    }

    @Test
    void parse_unknownRole_listsKnownRoles() throws IOException {
        Path file = spec(VALID.replace("  name: kv-orders", "  name: kv-orders\n  authorization: rbac")
                .replace("    secrets: [get, LIST]", "    roles: [Vault Boss]"));
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageContaining("'Vault Boss' is not one of: Key Vault Administrator");
    }

    @Test
    void parse_missingSecretsFile_namesKey() throws IOException {
        Path file = spec(VALID.replace("file: app.properties", "file: nope.properties"));
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageContaining("kvconfig.yaml:9: secrets.file:")
                .hasMessageContaining("nope.properties does not exist");
    }

    @Test
    void parse_duplicateObjectId_isRejected() throws IOException {
        Path file = spec("""
                resourceGroup: rg-orders
                location: westeurope
                vault: {name: kv-orders}
                access:
                  - objectId: 11111111-1111-1111-1111-111111111111
                  - objectId: 11111111-1111-1111-1111-111111111111
                """);
        assertThatThrownBy(() -> SpecParser.parse(file)).hasMessageContaining("kvconfig.yaml:6: access[1].objectId")
                .hasMessageContaining("is listed twice");
    }
}
