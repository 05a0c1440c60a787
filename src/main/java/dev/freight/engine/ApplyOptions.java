package dev.freight.engine;

import dev.freight.job.ImportMode;
import java.util.List;

/**
 * How the store applies a job's rows to its table.
 *
 * @param mode     never null here: the worker resolved the table's default
 * @param key      the match columns (empty for a table without a key: rows are appended)
 * @param defaults typed column defaults by column position (null where none), used by replace
 */
public record ApplyOptions(ImportMode mode, List<String> key, Object[] defaults) {}
