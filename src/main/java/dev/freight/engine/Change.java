package dev.freight.engine;

/**
 * What the store must write for one key (or one appended row).
 *
 * @param group   the key's history (null for a row appended to a table without a key)
 * @param row     the row to write: every column, {@link Values#ABSENT} where the database default applies
 * @param columns which columns the statement writes (null for a delete)
 * @param lastRow the chunk position of the key's last row: it fails if the database rejects the change
 */
public record Change(Kind kind, KeyGroup group, Object[] row, boolean[] columns, int lastRow) {
    public enum Kind { INSERT, UPDATE, DELETE }
}
