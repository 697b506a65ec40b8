package dev.kvconfig.examples.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code orders.*}: two from the vault (secrets {@code orders-api-key}, {@code orders-db-password}), one from the file. */
@ConfigurationProperties("orders")
public class OrdersSettings {

    private String apiKey;
    private String dbPassword;
    private int pageSize = 20;

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getDbPassword() {
        return dbPassword;
    }

    public void setDbPassword(String dbPassword) {
        this.dbPassword = dbPassword;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }
}
