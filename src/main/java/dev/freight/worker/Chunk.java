package dev.freight.worker;

import dev.freight.ingest.JsonText;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The next rows of a job, read, mapped and coerced: up to {@code chunkSize} rows and about
 * {@link #MAX_CHARS} characters of values, whichever comes first, so that a chunk of wide rows
 * holds as little memory as one of narrow rows. {@code last}: the input has no more rows.
 */
record Chunk(List<MappedRow> rows, boolean last) {
    /** A chunk's rows hold at most this many characters of values (plus the one row that crosses it). */
    static final long MAX_CHARS = 8L << 20;

    /**
     * Reads a chunk, skipping rows below {@code skipBelow} (those a resumed job committed before);
     * null when {@code halted} turned true before it was complete (checked before every row).
     */
    static Chunk read(RowReader reader, RowMapper mapper, int chunkSize, long skipBelow, BooleanSupplier halted) {
        List<MappedRow> rows = new ArrayList<>(chunkSize);
        long chars = 0;
        while (rows.size() < chunkSize && chars < MAX_CHARS) {
            if (halted.getAsBoolean()) return null;
            SourceRow r = reader.next();
            if (r == null) return new Chunk(rows, true);
            if (r.index() < skipBelow) continue;
            chars += chars(r);
            rows.add(mapper.map(r));
        }
        return new Chunk(rows, false);
    }

    /** About how many characters a row's values hold (a few for each number or flag). */
    private static long chars(SourceRow r) {
        long n = 0;
        for (Object v : r.values()) {
            n += 8;
            if (v instanceof String s) n += s.length();
            else if (v instanceof JsonText j) n += j.json().length();
        }
        return n;
    }
}
