package dev.freight.compat.dengage;

import java.time.Duration;

/**
 * The D·engage dialect's settings ({@code --dengage-pacing}, {@code --dengage-max-body}).
 *
 * @param pacing  the least time between two async upserts on one table (the vendor's minute; zero: no pacing)
 * @param maxBody the largest request body, in bytes (the vendor's 50 MB)
 */
public record DengageSettings(Duration pacing, long maxBody) {
    public static final Duration PACING = Duration.ofSeconds(60);
    public static final long MAX_BODY = 50_000_000;
    public static final DengageSettings DEFAULTS = new DengageSettings(PACING, MAX_BODY);

    public DengageSettings {
        if (pacing.isNegative()) throw new IllegalArgumentException("--dengage-pacing must not be negative");
    }
}
