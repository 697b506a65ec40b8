package dev.kvconfig.source;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text: DER to armoured base64 (RFC 7468, 64 columns) and back, block by block. */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,\\-]*?)-----END \\1-----");

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** A block of PEM text, label and whole text as found. */
    record Block(String label, String text) {
        boolean isPrivateKey() {
            return label.endsWith("PRIVATE KEY");
        }

        @Override
        public String toString() {
            return "Block[" + label + "]";
        }
    }

    /** The blocks of PEM text in order; anything between them (bag attributes, comments) is skipped. */
    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group().strip() + "\n"));
        }
        return blocks;
    }
}
