package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.quarkus.runtime.config.KeyVaultBuildTimeConfig;
import dev.kvconfig.quarkus.runtime.config.KeyVaultConfigBuilder;
import dev.kvconfig.quarkus.runtime.credentials.AgroalPoolFlush;
import dev.kvconfig.quarkus.runtime.credentials.KeyVaultCredentialsProvider;
import dev.kvconfig.quarkus.runtime.health.KeyVaultReadinessCheck;
import dev.kvconfig.quarkus.runtime.metrics.KeyVaultMetrics;
import dev.kvconfig.quarkus.runtime.refresh.KeyVaultChangeEvents;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/** Build steps of the extension; Dev Services live in {@link DevServicesKeyVaultProcessor}. */
class KeyVaultProcessor {

    static final String FEATURE = "kvconfig-keyvault";
    private static final String MICROMETER_BINDER = "io.micrometer.core.instrument.binder.MeterBinder";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The vault sources and the {@code keyvault} reference handler, fed with {@code quarkus.keyvault.*}. */
    @BuildStep
    RunTimeConfigBuilderBuildItem runtimeConfigBuilder() {
        return new RunTimeConfigBuilderBuildItem(KeyVaultConfigBuilder.class);
    }

    /** CDI change events and closing the sources at shutdown. */
    @BuildStep
    AdditionalBeanBuildItem changeEvents() {
        return AdditionalBeanBuildItem.unremovableOf(KeyVaultChangeEvents.class);
    }

    /**
     * The {@code keyvault} credentials provider for datasources; unremovable because Quarkus looks it up by name at
     * runtime ({@code quarkus.datasource.credentials-provider-name}), which the bean discovery cannot see.
     */
    @BuildStep
    AdditionalBeanBuildItem credentialsProvider() {
        return AdditionalBeanBuildItem.unremovableOf(KeyVaultCredentialsProvider.class);
    }

    /** The graceful flush of Agroal pools on rotation, only when quarkus-agroal is there. */
    @BuildStep
    void agroalPoolFlush(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.AGROAL)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(AgroalPoolFlush.class));
        }
    }

    /** Taken by quarkus-smallrye-health when present, ignored otherwise. */
    @BuildStep
    HealthBuildItem readinessCheck(KeyVaultBuildTimeConfig config) {
        return new HealthBuildItem(KeyVaultReadinessCheck.class.getName(), config.health().enabled());
    }

    /** Gauges and a change counter, only when Micrometer is there. */
    @BuildStep
    void metrics(KeyVaultBuildTimeConfig config, Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        boolean micrometer = capabilities.isPresent(Capability.METRICS)
                && QuarkusClassLoader.isClassPresentAtRuntime(MICROMETER_BINDER);
        if (config.metrics().enabled() && micrometer) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(KeyVaultMetrics.class));
        }
    }
}
