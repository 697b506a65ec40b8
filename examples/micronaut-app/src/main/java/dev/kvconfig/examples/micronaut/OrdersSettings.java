package dev.kvconfig.examples.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code orders.*}: the vault's {@code orders-api-key} and {@code orders-db-password} bind here. */
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

    /** Never the values: they are secrets. */
    @Override
    public String toString() {
        return "OrdersSettings[apiKey=" + (apiKey == null ? "<unset>" : "<set>") + ", dbPassword="
                + (dbPassword == null ? "<unset>" : "<set>") + ", pageSize=" + pageSize + "]";
    }
}
