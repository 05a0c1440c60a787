package dev.freight.compat.hexabase;

/**
 * The Hexabase dialect's settings ({@code --hexabase-max-body}, {@code --hexabase-sync-max-rows}).
 *
 * @param maxBody     the largest import request, in bytes (Hexabase states none: Freight's 100 MB; the
 *                    server's {@code --max-body} bounds every multipart body too)
 * @param syncMaxRows the most rows a {@code no_queue=true} import may hold (the vendor's 100)
 */
public record HexabaseSettings(long maxBody, int syncMaxRows) {
    public static final long MAX_BODY = 100_000_000;
    public static final int SYNC_MAX_ROWS = 100;
    public static final HexabaseSettings DEFAULTS = new HexabaseSettings(MAX_BODY, SYNC_MAX_ROWS);

    public HexabaseSettings {
        if (maxBody < 1) throw new IllegalArgumentException("--hexabase-max-body must be at least 1 byte");
        if (syncMaxRows < 1) throw new IllegalArgumentException("--hexabase-sync-max-rows must be at least 1");
    }
}
