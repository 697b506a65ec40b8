package dev.kvconfig.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Test bean: settings bound from vault secrets {@code app-api-key} and {@code app-name}. */
@ConfigurationProperties("app")
class AppSettings {

    private String apiKey;
    private String name;

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
