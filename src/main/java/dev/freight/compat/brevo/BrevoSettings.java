package dev.freight.compat.brevo;

/**
 * The Brevo dialect's settings: the vendor's limits on one batch upsert.
 *
 * @param maxBody        the largest request body, in bytes (the vendor's 1 MB)
 * @param maxRecords     the most records in one request
 * @param maxAttributes  the most attributes of one record
 * @param maxAssociated  the most associated records of one object type in one record
 */
public record BrevoSettings(long maxBody, int maxRecords, int maxAttributes, int maxAssociated) {
    public static final BrevoSettings DEFAULTS = new BrevoSettings(1 << 20, 1000, 500, 10);
}
