package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/** Compact JWS (RS256) encoding, parsing and signature checks. */
final class Jwt {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Jwt() {
    }

    /** A parsed, not yet verified token. */
    record Parsed(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {
        String alg() {
            return header.get("alg") instanceof String s ? s : null;
        }

        String claim(String name) {
            return claims.get(name) instanceof String s ? s : null;
        }

        /** A numeric date claim (seconds), or {@code null} when absent or not a number. */
        Long seconds(String name) {
            Object value = claims.get(name);
            return value instanceof Number n ? Long.valueOf(n.longValue()) : null;
        }

        @Override
        public String toString() {
            return "Jwt.Parsed[alg=" + alg() + "]";   // never the token or its claims
        }
    }

    static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String signingInput = B64URL.encodeToString(Json.write(header)) + "."
                + B64URL.encodeToString(Json.write(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an emulator token", e);
        }
    }

    /**
     * Splits and decodes a compact JWS without checking its signature.
     *
     * @throws IllegalArgumentException when the token is not three base64url parts with JSON header and claims
     */
    static Parsed parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("a JWT has three dot-separated parts");
        }
        try {
            Map<String, Object> header = Json.parseObject(B64URL_DECODER.decode(parts[0]));
            Map<String, Object> claims = Json.parseObject(B64URL_DECODER.decode(parts[1]));
            byte[] signature = B64URL_DECODER.decode(parts[2]);
            byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new Parsed(Map.copyOf(header), claims, signingInput, signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWT is malformed: a part is not base64url", e);
        } catch (ServiceError e) {
            throw new IllegalArgumentException("the JWT is malformed: its header or claims are not a JSON object", e);
        }
    }

    static boolean verifyRs256(Parsed token, PublicKey key) {
        if (!"RS256".equals(token.alg())) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(token.signingInput());
            return signature.verify(token.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String encode(String text) {
        return B64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
