package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.ServiceError;

/** ARM error answers ({@code {"error":{"code":…,"message":…}}}), with the codes the real services use. */
final class ArmError {
    static final String NAME_RULE = "A vault's name must be between 3-24 alphanumeric characters. The name must begin"
            + " with a letter, end with a letter or digit, and not contain consecutive hyphens.";

    private ArmError() {
    }

    static ServiceError badRequest(String message) {
        return new ServiceError(400, "BadRequest", message, null);
    }

    static ServiceError of(int status, String code, String message) {
        return new ServiceError(status, code, message, null);
    }

    static ServiceError subscriptionNotFound(String subscription) {
        return of(404, "SubscriptionNotFound", "The subscription '" + subscription + "' could not be found.");
    }

    static ServiceError resourceGroupNotFound(String group) {
        return of(404, "ResourceGroupNotFound", "Resource group '" + group + "' could not be found.");
    }

    static ServiceError vaultNotFound(String group, String vault) {
        return of(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/" + vault
                + "' under resource group '" + group + "' was not found. For more details please go to"
                + " https://aka.ms/ARMResourceNotFoundFix");
    }

    static ServiceError vaultNameInvalid(String vault) {
        return of(400, "VaultNameNotValid", "The vault name '" + vault + "' is invalid. " + NAME_RULE
                + " Follow this link for more information: https://go.microsoft.com/fwlink/?linkid=2147742");
    }
}
