package dev.freight.ingest;

import java.util.List;

/**
 * One input row as read, before mapping and coercion.
 *
 * @param index  0-based position among the data rows of the input
 * @param line   line number where the row starts (CSV: header = line 1; NDJSON: its line;
 *               JSON array: the line of the object's opening brace)
 * @param names  field names in input order (CSV: the header, shared by every row)
 * @param values raw values, parallel to names: {@code String} (CSV fields, JSON strings),
 *               {@code Long} or {@code java.math.BigDecimal} (JSON numbers), {@code Boolean},
 *               {@code null} (JSON null), {@link JsonText} (JSON objects and arrays)
 * @param error  null, or why this row alone cannot be used (e.g. wrong field count); the rest
 *               of the input is still readable
 */
public record SourceRow(long index, long line, List<String> names, Object[] values, String error) {}
