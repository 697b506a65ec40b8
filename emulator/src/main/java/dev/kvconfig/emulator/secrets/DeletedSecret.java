package dev.kvconfig.emulator.secrets;

/**
 * A soft-deleted secret as the deleted-secrets operations show it.
 *
 * @param latest             the latest version at deletion
 * @param deletedDate        Unix seconds
 * @param scheduledPurgeDate Unix seconds (deletedDate + recoverableDays)
 */
public record DeletedSecret(SecretVersion latest, long deletedDate, long scheduledPurgeDate) {
}
