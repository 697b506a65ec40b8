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
    private static final Map<String, Permission> BY_OPERATION = new HashMap<>();

    static {
        secrets("get", "getSecret/action", "GetSecret", "GetDeletedSecret");
        secrets("list", "readMetadata/action", "GetSecrets", "GetSecretVersions", "GetDeletedSecrets");
        secrets("set", "setSecret/action", "SetSecret");
        secrets("set", "update/action", "UpdateSecret");
        secrets("delete", "delete", "DeleteSecret");
        secrets("recover", "recover/action", "RecoverDeletedSecret");
        secrets("purge", "purge/action", "PurgeDeletedSecret");
        secrets("backup", "backup/action", "BackupSecret");
        secrets("restore", "restore/action", "RestoreSecret");

        keys("get", "read", "GetKey", "GetDeletedKey");
        keys("list", "read", "GetKeys", "GetKeyVersions", "GetDeletedKeys");
        keys("create", "create/action", "CreateKey");
        keys("import", "import/action", "ImportKey");
        keys("update", "update/action", "UpdateKey");
        keys("delete", "delete", "DeleteKey");
        keys("recover", "recover/action", "RecoverDeletedKey");
        keys("purge", "purge/action", "PurgeDeletedKey");
        keys("backup", "backup/action", "BackupKey");
        keys("restore", "restore/action", "RestoreKey");
        keys("sign", "sign/action", "Sign");
        keys("verify", "verify/action", "Verify");
        keys("encrypt", "encrypt/action", "Encrypt");
        keys("decrypt", "decrypt/action", "Decrypt");
        keys("wrapKey", "wrap/action", "WrapKey");
        keys("unwrapKey", "unwrap/action", "UnwrapKey");
        keys("release", "release/action", "Release");
        keys("rotate", "rotate/action", "RotateKey");
        BY_OPERATION.put("GetKeyRotationPolicy", new Permission("keys", "getrotationpolicy",
                KV + "keyrotationpolicies/read"));
        BY_OPERATION.put("UpdateKeyRotationPolicy", new Permission("keys", "setrotationpolicy",
                KV + "keyrotationpolicies/write"));

        certificates("get", "read", "GetCertificate", "GetDeletedCertificate", "GetCertificatePolicy",
                "GetCertificateOperation");
        certificates("list", "read", "GetCertificates", "GetCertificateVersions", "GetDeletedCertificates");
        certificates("create", "create/action", "CreateCertificate", "MergeCertificate");
        certificates("import", "import/action", "ImportCertificate");
        certificates("update", "update/action", "UpdateCertificate", "UpdateCertificatePolicy",
                "UpdateCertificateOperation", "DeleteCertificateOperation");
        certificates("delete", "delete", "DeleteCertificate");
        certificates("recover", "recover/action", "RecoverDeletedCertificate");
        certificates("purge", "purge/action", "PurgeDeletedCertificate");
        certificates("backup", "backup/action", "BackupCertificate");
        certificates("restore", "restore/action", "RestoreCertificate");
        certificates("managecontacts", "certificatecontacts/write", "SetCertificateContacts",
                "DeleteCertificateContacts");
        certificates("managecontacts", "certificatecontacts/read", "GetCertificateContacts");
        certificates("getissuers", "certificatecas/read", "GetCertificateIssuer");
        certificates("listissuers", "certificatecas/read", "GetCertificateIssuers");
        certificates("setissuers", "certificatecas/write", "SetCertificateIssuer", "UpdateCertificateIssuer");
        certificates("deleteissuers", "certificatecas/delete", "DeleteCertificateIssuer");
    }

    private static void secrets(String permission, String action, String... operations) {
        for (String op : operations) {
            BY_OPERATION.put(op, new Permission("secrets", permission, KV + "secrets/" + action));
        }
    }

    private static void keys(String permission, String action, String... operations) {
        for (String op : operations) {
            BY_OPERATION.put(op, new Permission("keys", permission, KV + "keys/" + action));
        }
    }

    private static void certificates(String permission, String action, String... operations) {
        for (String op : operations) {
            String a = action.startsWith("certificate") ? KV + action : KV + "certificates/" + action;
            BY_OPERATION.put(op, new Permission("certificates", permission, a));
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
