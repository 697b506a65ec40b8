package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.keys.KeysModule;
import dev.kvconfig.emulator.server.Paging;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.Routes;
import dev.kvconfig.emulator.server.VaultContext;
import dev.kvconfig.emulator.server.VaultModule;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The certificates feature on every vault: create with a policy (a long-running operation, {@link
 * CertificateOperations}), merge, import (PEM, PKCS#12), get, list, list versions, policy get and update, issuers and
 * contacts ({@link CertificateIssuers}). A new version adds the backing key to the vault's keys (so {@link KeysModule} must be registered first) and the backing secret to
 * its secret store. One instance per emulator.
 */
public final class CertificatesModule implements VaultModule {
    private final KeysModule keys;
    private final Map<String, VaultCertificates> byVault = new ConcurrentHashMap<>();

    /** @param keys the emulator's keys feature, registered on each vault before this one */
    public CertificatesModule(KeysModule keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void register(VaultContext vault, Routes routes) {
        VaultCertificates certificates = new VaultCertificates(vault.clock(), keys.keys(vault.name()),
                (name, version, value, contentType, kid, enabled, notBefore, expires, tags) -> vault.secrets()
                        .setManaged(name, version, value, contentType, tags, kid, enabled, notBefore, expires));
        byVault.put(vault.name(), certificates);
        CertificateIssuers issuers = new CertificateIssuers(vault.clock());
        CertificateOperations operations = new CertificateOperations(certificates, issuers);
        routes.add("POST", "/certificates/{name}/create", "CreateCertificate",
                r -> operations.create(r.baseUrl(), r.param("name"), r.jsonObject(), r.query("api-version")));
        routes.add("GET", "/certificates/{name}/pending", "GetCertificateOperation",
                r -> Response.ok(operations.get(r.baseUrl(), r.param("name"))));
        routes.add("PATCH", "/certificates/{name}/pending", "UpdateCertificateOperation",
                r -> Response.ok(operations.update(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("DELETE", "/certificates/{name}/pending", "DeleteCertificateOperation",
                r -> Response.ok(operations.delete(r.baseUrl(), r.param("name"))));
        routes.add("POST", "/certificates/{name}/pending/merge", "MergeCertificate",
                r -> operations.merge(r.baseUrl(), r.param("name"), r.jsonObject()));
        routes.add("PATCH", "/certificates/{name}/policy", "UpdateCertificatePolicy",
                r -> Response.ok(operations.updatePolicy(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("PUT", "/certificates/issuers/{name}", "SetCertificateIssuer",
                r -> Response.ok(issuers.set(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("PATCH", "/certificates/issuers/{name}", "UpdateCertificateIssuer",
                r -> Response.ok(issuers.update(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("GET", "/certificates/issuers/{name}", "GetCertificateIssuer",
                r -> Response.ok(issuers.get(r.baseUrl(), r.param("name"))));
        routes.add("DELETE", "/certificates/issuers/{name}", "DeleteCertificateIssuer",
                r -> Response.ok(issuers.delete(r.baseUrl(), r.param("name"))));
        routes.add("GET", "/certificates/issuers", "GetCertificateIssuers",
                r -> Paging.page(r, "/certificates/issuers", issuers.items(r.baseUrl()), i -> i));
        routes.add("PUT", "/certificates/contacts", "SetCertificateContacts",
                r -> Response.ok(issuers.setContacts(r.baseUrl(), r.jsonObject())));
        routes.add("GET", "/certificates/contacts", "GetCertificateContacts",
                r -> Response.ok(issuers.getContacts(r.baseUrl())));
        routes.add("DELETE", "/certificates/contacts", "DeleteCertificateContacts",
                r -> Response.ok(issuers.deleteContacts(r.baseUrl())));
        routes.add("POST", "/certificates/{name}/import", "ImportCertificate",
                r -> Response.ok(certificates.importCertificate(r.baseUrl(), r.param("name"), r.jsonObject())));
        routes.add("GET", "/certificates/{name}", "GetCertificate",
                r -> Response.ok(certificates.get(r.baseUrl(), r.param("name"), null)));
        routes.add("GET", "/certificates/{name}/{version}", "GetCertificate",
                r -> Response.ok(certificates.get(r.baseUrl(), r.param("name"), r.param("version"))));
        routes.add("GET", "/certificates/{name}/policy", "GetCertificatePolicy",
                r -> Response.ok(operations.getPolicy(r.baseUrl(), r.param("name"))));
        routes.add("GET", "/certificates", "GetCertificates", r -> Paging.page(r, "/certificates",
                certificates.latestOfEach(), c -> VaultCertificates.item(r.baseUrl() + "/certificates/" + c.name(), c)));
        routes.add("GET", "/certificates/{name}/versions", "GetCertificateVersions", r -> {
            var versions = certificates.versions(r.param("name"));
            return Paging.page(r, "/certificates/" + versions.get(0).name() + "/versions", versions,
                    c -> VaultCertificates.item(VaultCertificates.id(r.baseUrl(), c), c));
        });
    }

    /** The certificates of a vault registered here (for the state file), or null. */
    public VaultCertificates certificates(String vault) {
        return byVault.get(vault);
    }
}
