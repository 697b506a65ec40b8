package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.Json;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs and checks the emulator's access tokens: RS256 JWTs shaped like Entra ID v1 tokens for Key Vault
 * ({@code iss https://sts.windows.net/<tenant>/}). The key pair lives only as long as this object, so tokens from an
 * earlier emulator run are not accepted by a later one. Thread-safe.
 */
final class TokenIssuer {
    static final Duration LIFETIME = Duration.ofHours(1);
    /** Entra ID tolerates five minutes of clock skew; so do we. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final KeyPair keyPair;
    private final String keyId;
    private final String tenantId;
    private final Clock clock;

    TokenIssuer(String tenantId, Clock clock) {
        this.tenantId = tenantId;
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keyPair = generator.generateKeyPair();
            byte[] thumb = MessageDigest.getInstance("SHA-1").digest(keyPair.getPublic().getEncoded());
            this.keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(thumb);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the emulator's token signing key", e);
        }
    }

    String tenantId() {
        return tenantId;
    }

    String issuer() {
        return "https://sts.windows.net/" + tenantId + "/";
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    /** An access token for an application principal. {@code appidacr}: 1 = secret, 2 = certificate/assertion, 0 = none. */
    String issue(String audience, String objectId, String appId, String appidacr) {
        long now = now();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", keyId);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audience);
        claims.put("iss", issuer());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        claims.put("appid", appId);
        claims.put("appidacr", appidacr);
        claims.put("idp", issuer());
        claims.put("idtyp", "app");
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        claims.put("tid", tenantId);
        claims.put("uti", UUID.randomUUID().toString().replace("-", ""));
        claims.put("ver", "1.0");
        return Jwt.sign(header, claims, keyPair.getPrivate());
    }

    /** The claims of {@code token} when this issuer signed it and it is within its validity window. */
    Optional<Map<String, Object>> verify(String token) {
        Jwt.Parsed parsed;
        try {
            parsed = Jwt.parse(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Jwt.verifyRs256(parsed, keyPair.getPublic()) || !issuer().equals(parsed.claim("iss"))) {
            return Optional.empty();
        }
        long now = now();
        Long exp = parsed.seconds("exp");
        Long nbf = parsed.seconds("nbf");
        if (exp == null || now > exp + SKEW.toSeconds() || (nbf != null && now + SKEW.toSeconds() < nbf)) {
            return Optional.empty();
        }
        return Optional.of(parsed.claims());
    }

    /** The public signing key as a JWK Set, so clients can check emulator tokens themselves. */
    String jwks() {
        RSAPublicKey key = (RSAPublicKey) keyPair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("kid", keyId);
        jwk.put("n", unsigned(key.getModulus().toByteArray()));
        jwk.put("e", unsigned(key.getPublicExponent().toByteArray()));
        return Json.writeString(Map.of("keys", java.util.List.of(jwk)));
    }

    private static String unsigned(byte[] bytes) {
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] trimmed = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }

    @Override
    public String toString() {
        return "TokenIssuer[tenant=" + tenantId + ", kid=" + keyId + "]";
    }

}
