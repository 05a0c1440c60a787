package dev.freight.ingest;

/**
 * A link or unlink between an input row's record (of an object type) and one record of an
 * associated object type, carried with the row in its {@link RowMapper#ASSOCIATIONS_FIELD} field.
 *
 * @param type   the associated object type (a table of kind object the row's table declares)
 * @param link   true: link; false: unlink
 * @param column the associated record's identifying column (its {@code id} or {@code ext_id})
 * @param value  that column's value, as text
 */
public record AssociationChange(String type, boolean link, String column, String value) {}
