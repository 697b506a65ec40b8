// The official Azure SDK for JavaScript against the kvconfig emulator, as a user would point it there.
// Run by EmulatorJavaScriptClientTest, which starts the emulator and sets:
//   KVCONFIG_VAULT_URL, AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
//   NODE_EXTRA_CA_CERTS (a PEM of the emulator's certificate).
// Prints one JSON line {"checks":[...]} with the checks that passed and exits 0, or prints the failed check and
// exits 1. Secret values are compared here and never printed.
import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { KeyClient, CryptographyClient } from "@azure/keyvault-keys";
import { CertificateClient, DefaultCertificatePolicy } from "@azure/keyvault-certificates";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
};

const vaultUrl = env("KVCONFIG_VAULT_URL");
// The emulator's identity server: MSAL resolves the authority through its OpenID document; instance discovery
// (a call to login.microsoftonline.com) is off, as for any authority host of your own.
const credential = new ClientSecretCredential(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"),
  env("AZURE_CLIENT_SECRET"), { authorityHost: env("AZURE_AUTHORITY_HOST"), disableInstanceDiscovery: true });
// A vault on https://localhost:P/ does not end in the challenge's resource (vault.azure.net): the SDK documents
// turning the check off for such URLs.
const clientOptions = { disableChallengeResourceVerification: true };
const poll = { intervalInMs: 100 };

const checks = [];
let current = "start";
const check = async (name, body) => {
  current = name;
  await body();
  checks.push(name);
};
const expect = (condition, message) => {
  if (!condition) {
    throw new Error(message);
  }
};
const status = async (promise) => {
  try {
    await promise;
    return 200;
  } catch (e) {
    return e.statusCode ?? -1;
  }
};

try {
  await check("token from the emulator identity", async () => {
    const token = await credential.getToken("https://vault.azure.net/.default");
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString("utf8"));
    expect(claims.tid === env("AZURE_TENANT_ID"), `token tid ${claims.tid}`);
    expect(claims.appid === env("AZURE_CLIENT_ID"), `token appid ${claims.appid}`);
  });

  const secrets = new SecretClient(vaultUrl, credential, clientOptions);
  await check("secrets set and get", async () => {
    await secrets.setSecret("js-secret", "first-value");
    const second = await secrets.setSecret("js-secret", "second-value", { contentType: "text/plain" });
    const read = await secrets.getSecret("js-secret");
    expect(read.value === "second-value", "getSecret did not return the latest value");
    expect(read.properties.version === second.properties.version, "getSecret version is not the latest");
  });
  await check("secrets list and versions", async () => {
    const names = [];
    for await (const p of secrets.listPropertiesOfSecrets()) {
      names.push(p.name);
    }
    expect(names.includes("js-secret") && names.includes("seeded"), `listed ${names}`);
    const versions = [];
    for await (const p of secrets.listPropertiesOfSecretVersions("js-secret")) {
      versions.push(p.version);
    }
    expect(versions.length === 2, `listed ${versions.length} versions`);
    const seeded = await secrets.getSecret("seeded");
    expect(seeded.value === "from-java", "the seeded secret differs");
  });
  await check("secrets disable", async () => {
    const latest = await secrets.getSecret("js-secret");
    await secrets.updateSecretProperties("js-secret", latest.properties.version, { enabled: false });
    const code = await status(secrets.getSecret("js-secret"));
    expect(code === 403, `getSecret on a disabled secret answered ${code}`);
    await secrets.updateSecretProperties("js-secret", latest.properties.version, { enabled: true });
  });
  await check("secrets delete and recover", async () => {
    await (await secrets.beginDeleteSecret("js-secret", poll)).pollUntilDone();
    const deleted = await secrets.getDeletedSecret("js-secret");
    expect(deleted.properties.recoveryId !== undefined, "deleted secret has no recoveryId");
    expect(await status(secrets.getSecret("js-secret")) === 404, "a deleted secret is still readable");
    await (await secrets.beginRecoverDeletedSecret("js-secret", poll)).pollUntilDone();
    expect((await secrets.getSecret("js-secret")).value === "second-value", "recovered value differs");
  });
  await check("secrets purge", async () => {
    await (await secrets.beginDeleteSecret("js-secret", poll)).pollUntilDone();
    await secrets.purgeDeletedSecret("js-secret");
    expect(await status(secrets.getDeletedSecret("js-secret")) === 404, "a purged secret is still listed");
  });

  const certificates = new CertificateClient(vaultUrl, credential, clientOptions);
  await check("certificate created with the default policy", async () => {
    const poller = await certificates.beginCreateCertificate("js-certificate", DefaultCertificatePolicy, poll);
    const certificate = await poller.pollUntilDone();
    expect(certificate.cer && certificate.cer.length > 100, "the certificate has no DER");
    expect(certificate.policy?.issuerName === "Self", `issuer ${certificate.policy?.issuerName}`);
    const operation = await certificates.getCertificateOperation("js-certificate");
    expect(operation.getOperationState().certificateOperation.status === "completed", "operation not completed");
  });

  const keys = new KeyClient(vaultUrl, credential, clientOptions);
  await check("key encrypt and decrypt", async () => {
    const key = await keys.createRsaKey("js-key", { keySize: 2048 });
    const crypto = new CryptographyClient(key.id, credential, clientOptions);
    const plaintext = Buffer.from("wrap me", "utf8");
    for (const algorithm of ["RSA-OAEP", "RSA-OAEP-256", "RSA1_5"]) {
      const encrypted = await crypto.encrypt({ algorithm, plaintext });
      const decrypted = await crypto.decrypt({ algorithm, ciphertext: encrypted.result });
      expect(Buffer.from(decrypted.result).equals(plaintext), `${algorithm} round trip differs`);
    }
    const aesKey = Buffer.alloc(32, 7);
    const wrapped = await crypto.wrapKey("RSA-OAEP-256", aesKey);
    const unwrapped = await crypto.unwrapKey("RSA-OAEP-256", wrapped.result);
    expect(Buffer.from(unwrapped.result).equals(aesKey), "unwrapKey differs");
  });

  console.log(JSON.stringify({ checks }));
} catch (e) {
  console.log(JSON.stringify({ checks, failed: current, error: `${e.name}: ${e.message}` }));
  process.exitCode = 1;
}
