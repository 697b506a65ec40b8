package dev.kvconfig.emulator;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;

/** The emulator's TokenCredential; its own class so azure-core is loaded only when it is used. */
final class EmulatorCredential {
    /** The object id of the fixed test principal behind {@code credential()}. */
    static final String TEST_PRINCIPAL = "5e3c1a2b-0000-4000-8000-00000000e001";

    private EmulatorCredential() {
    }

    static TokenCredential create(KeyVaultEmulator emulator) {
        return request -> Mono.fromCallable(() -> new AccessToken(emulator.issueToken(TEST_PRINCIPAL),
                OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(55)));
    }
}
