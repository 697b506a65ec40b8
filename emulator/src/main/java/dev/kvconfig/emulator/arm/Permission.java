package dev.kvconfig.emulator.arm;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a data-plane operation needs: the access-policy permission ({@code secrets get}) and the RBAC data action
 * ({@code Microsoft.KeyVault/vaults/secrets/getSecret/action}), per the Key Vault REST operation descriptions.
 *
 * @param kind       {@code secrets}, {@code keys} or {@code certificates}
 * @param permission the access policy permission name
 * @param dataAction the RBAC data action
 */
record Permission(String kind, String permission, String dataAction) {
    private static final String KV = "Microsoft.KeyVault/vaults/";
    private static final Map<String, Permission> BY_OPERATION = table();

    private static Map<String, Permission> table() {
        Map<String, Permission> t = new HashMap<>();
        secrets(t, "get", "getSecret/action", "GetSecret", "GetDeletedSecret");
        secrets(t, "list", "readMetadata/action", "GetSecrets", "GetSecretVersions", "GetDeletedSecrets");
        secrets(t, "set", "setSecret/action", "SetSecret");
        secrets(t, "set", "update/action", "UpdateSecret");
        secrets(t, "delete", "delete", "DeleteSecret");
        secrets(t, "recover", "recover/action", "RecoverDeletedSecret");
        secrets(t, "purge", "purge/action", "PurgeDeletedSecret");
        secrets(t, "backup", "backup/action", "BackupSecret");
        secrets(t, "restore", "restore/action", "RestoreSecret");

        keys(t, "get", "read", "GetKey", "GetDeletedKey");
        keys(t, "list", "read", "GetKeys", "GetKeyVersions", "GetDeletedKeys");
        keys(t, "create", "create/action", "CreateKey");
        keys(t, "import", "import/action", "ImportKey");
        keys(t, "update", "update/action", "UpdateKey");
        keys(t, "delete", "delete", "DeleteKey");
        keys(t, "recover", "recover/action", "RecoverDeletedKey");
        keys(t, "purge", "purge/action", "PurgeDeletedKey");
        keys(t, "backup", "backup/action", "BackupKey");
        keys(t, "restore", "restore/action", "RestoreKey");
        keys(t, "sign", "sign/action", "Sign");
        keys(t, "verify", "verify/action", "Verify");
        keys(t, "encrypt", "encrypt/action", "Encrypt");
        keys(t, "decrypt", "decrypt/action", "Decrypt");
        keys(t, "wrapKey", "wrap/action", "WrapKey");
        keys(t, "unwrapKey", "unwrap/action", "UnwrapKey");
        keys(t, "release", "release/action", "Release");
        keys(t, "rotate", "rotate/action", "RotateKey");
        t.put("GetKeyRotationPolicy", new Permission("keys", "getrotationpolicy",
                KV + "keyrotationpolicies/read"));
        t.put("UpdateKeyRotationPolicy", new Permission("keys", "setrotationpolicy",
                KV + "keyrotationpolicies/write"));

        certificates(t, "get", "read", "GetCertificate", "GetDeletedCertificate", "GetCertificatePolicy",
                "GetCertificateOperation");
        certificates(t, "list", "read", "GetCertificates", "GetCertificateVersions", "GetDeletedCertificates");
        certificates(t, "create", "create/action", "CreateCertificate", "MergeCertificate");
        certificates(t, "import", "import/action", "ImportCertificate");
        certificates(t, "update", "update/action", "UpdateCertificate", "UpdateCertificatePolicy",
                "UpdateCertificateOperation", "DeleteCertificateOperation");
        certificates(t, "delete", "delete", "DeleteCertificate");
        certificates(t, "recover", "recover/action", "RecoverDeletedCertificate");
        certificates(t, "purge", "purge/action", "PurgeDeletedCertificate");
        certificates(t, "backup", "backup/action", "BackupCertificate");
        certificates(t, "restore", "restore/action", "RestoreCertificate");
        certificates(t, "managecontacts", "certificatecontacts/write", "SetCertificateContacts",
                "DeleteCertificateContacts");
        certificates(t, "managecontacts", "certificatecontacts/read", "GetCertificateContacts");
        certificates(t, "getissuers", "certificatecas/read", "GetCertificateIssuer");
        certificates(t, "listissuers", "certificatecas/read", "GetCertificateIssuers");
        certificates(t, "setissuers", "certificatecas/write", "SetCertificateIssuer", "UpdateCertificateIssuer");
        certificates(t, "deleteissuers", "certificatecas/delete", "DeleteCertificateIssuer");
        return Map.copyOf(t);
    }

    private static void secrets(Map<String, Permission> t, String permission, String action, String... operations) {
        for (String op : operations) {
            t.put(op, new Permission("secrets", permission, KV + "secrets/" + action));
        }
    }

    private static void keys(Map<String, Permission> t, String permission, String action, String... operations) {
        for (String op : operations) {
            t.put(op, new Permission("keys", permission, KV + "keys/" + action));
        }
    }

    private static void certificates(Map<String, Permission> t, String permission, String action,
                                     String... operations) {
        for (String op : operations) {
            String a = action.startsWith("certificate") ? KV + action : KV + "certificates/" + action;
            t.put(op, new Permission("certificates", permission, a));
        }
    }

    /**
     * The permission an operation needs, or null for an operation the table does not know (it is then allowed: the
     * emulator never refuses what it cannot explain).
     */
    static Permission of(String operationId) {
        return operationId == null ? null : BY_OPERATION.get(operationId);
    }

    /** {@code secrets get}, as the service words it in its 403 message. */
    String describe() {
        return kind + " " + permission.toLowerCase(Locale.ROOT);
    }
}
