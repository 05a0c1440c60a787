package dev.freight.job;

import java.time.Instant;
import java.util.List;

/**
 * One input row's result, as a key may read it.
 *
 * @param index   the row's 0-based position in the input
 * @param line    where the row starts in the input, 0 when unknown
 * @param time    the commit time of the row's chunk
 * @param key     the row's key as JSON text, or null
 * @param message the error of a failed row, or a warning, or null
 * @param fields  the row's input values (as text, "" where the row has none) under the reader's field
 *                names; empty unless the original rows were asked for
 */
public record RowResult(long index, long line, Outcome outcome, Instant time, String key, String message, List<String> fields) {}
