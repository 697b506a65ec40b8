package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoadLogTest {

    private static final List<String> LOG = List.of(
            "[1000ns] java.lang.Object source: shared objects file",
            "[1000ns]  klass: 0x00007f2c0b000d68 super: 0x0000000000000000 loader: [loader data: 0x1 of 'bootstrap']",
            "[2000ns] dev.kvconfig.benchmarks.FirstStartApp source: file:/x/kvconfig-benchmarks.jar",
            "[3000ns] io.netty.util.Constant source: file:/x/kvconfig-benchmarks.jar",
            "[4000ns] reactor.core.publisher.Mono$$Lambda$12/0x00007f source: reactor.core.publisher.Mono",
            "[5000ns] java.lang.invoke.LambdaForm$MH/0x00007f source: __JVM_LookupDefineClass__",
            "[6000ns] sun.security.ssl.ClientHello source: jrt:/java.base");

    @Test
    void read_xlogLines_oneEntryPerClassWithItsNanosAndWhetherItWasGenerated(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("class-load.log"), LOG);
        ClassLoadLog log = ClassLoadLog.read(file);
        assertThat(log.size()).isEqualTo(6);
        assertThat(log.startNanos()).isEqualTo(1000);
        assertThat(log.firstLoad("io.netty.util.Constant")).isEqualTo(3000);
        assertThat(log.firstLoad("absent.Klass")).isEqualTo(-1);
        assertThat(log.classes()).filteredOn(ClassLoadLog.Loaded::generated).extracting(ClassLoadLog.Loaded::name)
                .containsExactly("reactor.core.publisher.Mono$$Lambda$12/0x00007f",
                        "java.lang.invoke.LambdaForm$MH/0x00007f");
    }

    @Test
    void byLibrary_window_countsByPackagePrefixFirstMatchWins(@TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.read(Files.write(dir.resolve("class-load.log"), LOG));
        var libraries = log.byLibrary(2000, 6000, name -> 100);
        assertThat(libraries.keySet()).containsExactly("benchmark app", "Reactor", "Netty", "JDK TLS and crypto",
                "JDK, other");
        assertThat(libraries.get("Reactor")).isEqualTo(new ClassLoadLog.Library("Reactor", 1, 1, 0));
        assertThat(libraries.get("Netty")).isEqualTo(new ClassLoadLog.Library("Netty", 1, 0, 100));
        assertThat(ClassLoadLog.library("com.azure.core.http.netty.NettyAsyncHttpClient"))
                .isEqualTo("azure-core-http-netty");
        assertThat(ClassLoadLog.library("com.azure.core.http.HttpClient")).isEqualTo("azure-core");
    }
}
