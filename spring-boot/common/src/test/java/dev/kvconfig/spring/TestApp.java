package dev.kvconfig.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** The application the tests start: a {@code @ConfigurationProperties} bean, a {@code @RefreshScope} bean, event logs. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(TestApp.AppSettings.class)
public class TestApp {

    @ConfigurationProperties("app")
    public static class AppSettings {
        private String apiKey;
        private String greeting;

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }
    }

    /** Rebuilt by the refresh scope: {@code greeting()} shows the value it was built with. */
    public static class Greeter {
        private final String greeting;

        Greeter(String greeting) {
            this.greeting = greeting;
        }

        public String greeting() {
            return greeting;
        }
    }

    /** What was published, in order. */
    public static class Events {
        public final List<java.util.Set<String>> environmentChanges = new java.util.concurrent.CopyOnWriteArrayList<>();
        public final List<KeyVaultChangeEvent> vaultChanges = new java.util.concurrent.CopyOnWriteArrayList<>();

        @EventListener
        void on(EnvironmentChangeEvent e) {
            environmentChanges.add(e.getKeys());
        }

        @EventListener
        void on(KeyVaultChangeEvent e) {
            vaultChanges.add(e);
        }

        public List<Object> all() {
            List<Object> all = new ArrayList<>(environmentChanges);
            all.addAll(vaultChanges);
            return all;
        }
    }

    @Bean
    @RefreshScope
    Greeter greeter(@Value("${greeting:none}") String greeting) {
        return new Greeter(greeting);
    }

    @Bean
    Events events() {
        return new Events();
    }
}
