package dev.kvconfig.spring.test;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.test.context.SpringBootContextLoader;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Boot's test context loader, plus the embedded emulator of {@link EmbeddedKeyVault}: started before the application,
 * its settings added to the inlined test properties (read before config data), registered as a bean that closes with
 * the context, closed at once when the context fails to start.
 */
public class EmbeddedKeyVaultContextLoader extends SpringBootContextLoader {

    /** The emulator of the context being loaded; loads of one loader run one at a time. */
    private KeyVaultEmulator loading;

    @Override
    public synchronized ApplicationContext loadContext(MergedContextConfiguration config) throws Exception {
        EmbeddedKeyVaultCustomizerFactory.Spec spec = spec(config);
        if (spec == null) {
            return super.loadContext(config);
        }
        KeyVaultEmulator emulator = spec.start();
        loading = emulator;
        try {
            return super.loadContext(config);
        } catch (Exception | Error e) {
            emulator.close();
            throw e;
        } finally {
            loading = null;
        }
    }

    @Override
    protected String[] getInlinedProperties(MergedContextConfiguration config) {
        EmbeddedKeyVaultCustomizerFactory.Spec spec = spec(config);
        if (spec == null || loading == null) {
            return super.getInlinedProperties(config);
        }
        // The test's own properties come last, so they win over the emulator's.
        List<String> properties = new ArrayList<>(spec.properties(loading));
        properties.addAll(Arrays.asList(super.getInlinedProperties(config)));
        return properties.toArray(String[]::new);
    }

    @Override
    protected SpringApplication getSpringApplication() {
        SpringApplication application = super.getSpringApplication();
        KeyVaultEmulator emulator = loading;
        if (emulator != null) {
            application.addInitializers(context -> ((GenericApplicationContext) context)
                    .registerBean("kvconfigEmbeddedKeyVault", KeyVaultEmulator.class, () -> emulator));
            application.addListeners((ApplicationFailedEvent event) -> emulator.close());
        }
        return application;
    }

    private static EmbeddedKeyVaultCustomizerFactory.Spec spec(MergedContextConfiguration config) {
        for (ContextCustomizer c : config.getContextCustomizers()) {
            if (c instanceof EmbeddedKeyVaultCustomizerFactory.Spec spec) {
                return spec;
            }
        }
        return null;
    }
}
