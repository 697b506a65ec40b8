package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end on a small vault, kvconfig side only (the Spring peer jar is not built by verify). */
class PeerComparisonTest {

    @Test
    void runOne_kvconfigOn30Secrets_countsListOnlyIdleRefreshAndOneGetForAChange(@TempDir Path logs) throws Exception {
        List<Integer> sizes = List.of(30);
        try (KeyVaultEmulator emulator = PeerComparison.vaults(KeyVaultEmulator.builder(), sizes).start()) {
            PeerComparison comparison = new PeerComparison(emulator, Map.of(), logs,
                    new PrintStream(OutputStream.nullOutputStream()));

            PeerRun run = comparison.run(List.of(Peer.KVCONFIG), sizes, List.of(Duration.ZERO)).get(0);

            assertThat(PeerRun.op(run.startupOps(), "GetSecret")).isEqualTo(30);
            assertThat(run.idleRefreshOps()).containsOnlyKeys("GetSecrets");
            assertThat(PeerRun.total(run.idleRefreshOps())).isEqualTo(Floor.idleRefreshRequests(30));
            assertThat(PeerRun.op(run.changeRefreshOps(), "GetSecret")).isEqualTo(1);
            assertThat(run.changeSeen()).isTrue();
        }
    }
}
