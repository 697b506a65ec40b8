package dev.kvconfig.emulator.keys;

import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The Key Vault signature algorithms the emulator supports. Key Vault signs a digest the client already computed, so
 * nothing here hashes: RSASSA-PKCS1-v1_5 wraps the digest in a DigestInfo, RSASSA-PSS uses a raw PSS signer (salt =
 * digest length), and ECDSA signatures are raw {@code R||S} (IEEE P1363), not DER.
 */
enum SignatureAlgorithm {
    RS256(Family.RSA, 32, "3031300d060960864801650304020105000420", SHA256Digest::new, null),
    RS384(Family.RSA, 48, "3041300d060960864801650304020205000430", SHA384Digest::new, null),
    RS512(Family.RSA, 64, "3051300d060960864801650304020305000440", SHA512Digest::new, null),
    PS256(Family.RSA_PSS, 32, null, SHA256Digest::new, null),
    PS384(Family.RSA_PSS, 48, null, SHA384Digest::new, null),
    PS512(Family.RSA_PSS, 64, null, SHA512Digest::new, null),
    ES256(Family.EC, 32, null, SHA256Digest::new, "P-256"),
    ES384(Family.EC, 48, null, SHA384Digest::new, "P-384"),
    ES512(Family.EC, 64, null, SHA512Digest::new, "P-521");

    private enum Family { RSA, RSA_PSS, EC }

    private final Family family;
    private final int digestLength;
    private final byte[] digestInfoPrefix;
    private final Supplier<Digest> digest;
    private final String curve;

    SignatureAlgorithm(Family family, int digestLength, String digestInfoPrefix, Supplier<Digest> digest,
            String curve) {
        this.family = family;
        this.digestLength = digestLength;
        this.digestInfoPrefix = digestInfoPrefix == null ? null : HexFormat.of().parseHex(digestInfoPrefix);
        this.digest = digest;
        this.curve = curve;
    }

    /** The algorithm named {@code alg}, or {@code null} when the emulator does not support it. */
    static SignatureAlgorithm named(String alg) {
        for (SignatureAlgorithm value : values()) {
            if (value.name().equals(alg)) {
                return value;
            }
        }
        return null;
    }

    /** Why this algorithm cannot be used with {@code key}, or {@code null} when it can. */
    String mismatch(KeyMaterial key) {
        if (family == Family.EC) {
            if (key.isRsa()) {
                return "Algorithm " + name() + " needs an EC key; this key is " + key.kty() + ".";
            }
            if (!curve.equals(key.curve())) {
                return "Algorithm " + name() + " needs curve " + curve + "; this key's curve is " + key.curve() + ".";
            }
            return null;
        }
        return key.isRsa() ? null : "Algorithm " + name() + " needs an RSA key; this key is " + key.kty() + ".";
    }

    /** Why {@code digest} is unfit, or {@code null}. */
    String badDigest(byte[] digestBytes) {
        return digestBytes.length == digestLength ? null : "Algorithm " + name() + " signs a " + digestLength
                + "-byte digest; the value has " + digestBytes.length + " bytes.";
    }

    byte[] sign(KeyPair pair, byte[] digestBytes) {
        try {
            switch (family) {
                case RSA -> {
                    Signature signature = Signature.getInstance("NONEwithRSA");
                    signature.initSign(pair.getPrivate());
                    signature.update(digestInfoPrefix);
                    signature.update(digestBytes);
                    return signature.sign();
                }
                case RSA_PSS -> {
                    PSSSigner signer = pss();
                    signer.init(true, PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
                    signer.update(digestBytes, 0, digestBytes.length);
                    return signer.generateSignature();
                }
                default -> {
                    Signature signature = Signature.getInstance("NONEwithECDSAinP1363Format");
                    signature.initSign(pair.getPrivate());
                    signature.update(digestBytes);
                    return signature.sign();
                }
            }
        } catch (GeneralSecurityException | IOException | org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException("signing with " + name() + " failed", e);
        }
    }

    boolean verify(KeyPair pair, byte[] digestBytes, byte[] signatureBytes) {
        try {
            switch (family) {
                case RSA -> {
                    Signature signature = Signature.getInstance("NONEwithRSA");
                    signature.initVerify(pair.getPublic());
                    signature.update(digestInfoPrefix);
                    signature.update(digestBytes);
                    return signature.verify(signatureBytes);
                }
                case RSA_PSS -> {
                    PSSSigner signer = pss();
                    CipherParameters key = PublicKeyFactory.createKey(pair.getPublic().getEncoded());
                    signer.init(false, key);
                    signer.update(digestBytes, 0, digestBytes.length);
                    return signer.verifySignature(signatureBytes);
                }
                default -> {
                    Signature signature = Signature.getInstance("NONEwithECDSAinP1363Format");
                    signature.initVerify(pair.getPublic());
                    signature.update(digestBytes);
                    return signature.verify(signatureBytes);
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;   // a malformed signature is a failed verification, as the service reports it
        }
    }

    private PSSSigner pss() {
        return PSSSigner.createRawSigner(new RSABlindedEngine(), digest.get(), digest.get(), digestLength,
                PSSSigner.TRAILER_IMPLICIT);
    }
}
