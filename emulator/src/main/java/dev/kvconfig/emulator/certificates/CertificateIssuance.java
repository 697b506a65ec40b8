package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * What issuing a certificate from a policy takes: a new key pair of the policy's type, the X.509 extensions the policy
 * names (SANs, key usage, extended key usage), and either a self-signed certificate (issuer {@code Self}) or a PKCS#10
 * request for an outside CA to sign (issuer {@code Unknown}), whose answer comes back through MergeCertificate.
 */
final class CertificateIssuance {
    private static final String[] KEY_USAGE = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final int[] KEY_USAGE_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation,
        KeyUsage.keyEncipherment, KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign,
        KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly};

    private CertificateIssuance() {
    }

    /** A key pair for the completed policy's {@code key_props}. */
    static KeyPair newKeyPair(Map<String, Object> policy, SecureRandom random) {
        Map<String, Object> keyProps = Json.object(policy, "key_props");
        try {
            if (String.valueOf(keyProps.get("kty")).startsWith("EC")) {
                String crv = String.valueOf(keyProps.get("crv"));
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp" + crv.substring(2) + "r1"), random);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(((Number) keyProps.get("key_size")).intValue(), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key for policy key_props " + keyProps, e);
        }
    }

    /** A self-signed certificate valid from now for the policy's {@code validity_months}. */
    static X509Certificate selfSigned(Map<String, Object> policy, KeyPair keyPair, Instant now, SecureRandom random) {
        Map<String, Object> x509 = Json.object(policy, "x509_props");
        X500Principal subject = subject(x509);
        Instant notAfter = now.atZone(ZoneOffset.UTC).plusMonths(((Number) x509.get("validity_months")).longValue())
                .toInstant();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, random), Date.from(now.minusSeconds(60)), Date.from(notAfter), subject,
                    keyPair.getPublic());
            Extensions extensions = extensions(x509).generate();
            for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                builder.addExtension(extensions.getExtension(oid));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(keyPair)));
        } catch (ServiceError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a self-signed certificate for " + subject, e);
        }
    }

    /** A PKCS#10 certification request (DER) with the policy's subject and extensions. */
    static byte[] csr(Map<String, Object> policy, KeyPair keyPair) {
        Map<String, Object> x509 = Json.object(policy, "x509_props");
        try {
            Extensions extensions = extensions(x509).generate();
            return new JcaPKCS10CertificationRequestBuilder(subject(x509), keyPair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions)
                    .build(signer(keyPair)).getEncoded();
        } catch (ServiceError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certification request", e);
        }
    }

    private static List<Object> list(Map<String, Object> parent, String field) {
        List<Object> list = Json.list(parent, field);
        return list == null ? List.of() : list;
    }

    private static X500Principal subject(Map<String, Object> x509) {
        Object subject = x509.get("subject");
        try {
            return new X500Principal(subject == null ? "" : String.valueOf(subject));
        } catch (IllegalArgumentException e) {
            throw ServiceError.badParameter("x509_props.subject '" + subject + "' is not an X.500 name such as"
                    + " CN=www.example.com.");
        }
    }

    private static ContentSigner signer(KeyPair keyPair) throws Exception {
        String algorithm = keyPair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate());
    }

    private static ExtensionsGenerator extensions(Map<String, Object> x509) throws java.io.IOException {
        ExtensionsGenerator generator = new ExtensionsGenerator();
        Map<String, Object> sans = Json.object(x509, "sans");
        if (sans != null) {
            List<GeneralName> names = new ArrayList<>();
            list(sans, "dns_names").forEach(n -> names.add(new GeneralName(GeneralName.dNSName, (String) n)));
            list(sans, "emails").forEach(n -> names.add(new GeneralName(GeneralName.rfc822Name, (String) n)));
            if (!names.isEmpty()) {
                generator.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
        }
        int bits = 0;
        for (Object usage : list(x509, "key_usage")) {
            for (int i = 0; i < KEY_USAGE.length; i++) {
                if (KEY_USAGE[i].equals(usage)) {
                    bits |= KEY_USAGE_BITS[i];
                }
            }
        }
        if (bits != 0) {
            generator.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
        }
        List<KeyPurposeId> ekus = new ArrayList<>();
        for (Object eku : list(x509, "ekus")) {
            try {
                ekus.add(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(String.valueOf(eku))));
            } catch (IllegalArgumentException e) {
                throw ServiceError.badParameter("x509_props.ekus value '" + eku + "' is not an OID such as"
                        + " 1.3.6.1.5.5.7.3.1.");
            }
        }
        if (!ekus.isEmpty()) {
            generator.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
        }
        return generator;
    }
}
