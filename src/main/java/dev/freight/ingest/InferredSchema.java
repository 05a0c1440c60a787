package dev.freight.ingest;

import java.util.List;

/**
 * A table proposed for a sample: its columns in the fields' order and a likely key (empty when
 * no column is convincing).
 *
 * @param rows    sampled rows that were read
 * @param skipped sampled rows that could not be read (e.g. a wrong field count) and were left out
 */
public record InferredSchema(List<InferredColumn> columns, List<String> primaryKey, long rows, long skipped) {}
