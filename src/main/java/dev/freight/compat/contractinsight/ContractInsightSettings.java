package dev.freight.compat.contractinsight;

/**
 * The ContractInsight dialect's settings (its defaults serve every node: the calls are small).
 *
 * @param maxBody the largest request body, in bytes (the calls are small: records are set one by one)
 */
public record ContractInsightSettings(long maxBody) {
    public static final long MAX_BODY = 1_000_000;
    public static final ContractInsightSettings DEFAULTS = new ContractInsightSettings(MAX_BODY);

    public ContractInsightSettings {
        if (maxBody < 1) throw new IllegalArgumentException("the ContractInsight body limit must be at least 1 byte");
    }
}
