package dev.freight.compat.hexabase;

import dev.freight.ingest.Format;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportSpec;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.Names;
import dev.freight.schema.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ImportItems in the engine's words: the mode ({@code replace_all}, {@code append} or the keyed
 * update), the key, the special columns fed to the table's status and group columns
 * ({@code _delete_} is the engine's own), and the engine options behind {@code validate} and
 * {@code overwrite_autonumber}.
 */
final class ItemSpec {
    static final String STATUS = "_status_";
    static final String GROUP = "_group_id_";

    private ItemSpec() {}

    /** The spec of {@code req} for {@code table}, whose file starts with {@code header}; a request the table cannot take is a 400 or 422. */
    static ImportSpec of(Table table, ImportRequest req, List<String> header) {
        ImportMode mode = req.replaceAll ? ImportMode.REPLACE_ALL : req.append ? ImportMode.INSERT : null; // null: upsert, or insert without a key
        if (req.keyField != null) requireKey(table, req.keyField, header, mode);
        Map<String, String> mapping = new LinkedHashMap<>();
        special(table, header, STATUS, ColumnRole.STATUS, "status field", mapping);
        special(table, header, GROUP, ColumnRole.GROUP, "access group field (a column with role group)", mapping);
        // a field in the file is a value to store: an empty one clears it (a field left out of the file keeps it)
        return ImportSpec.builder(Format.CSV).mode(mode).key(req.keyField == null ? null : List.of(req.keyField))
                .mapping(mapping).emptyOverwrites(true).lenient(!req.validate)
                .resetAutonumber(req.overwriteAutonumber).build();
    }

    /** {@code key_field_displayid}: a unique field of the datastore (422 otherwise) that the file has (400 otherwise). */
    private static void requireKey(Table table, String key, List<String> header, ImportMode mode) {
        if (!Names.isValid(key) || table.column(key).isEmpty()) {
            throw new HexabaseError(422, "key_field_displayid " + key + " is not a field of datastore " + table.name());
        }
        if (!table.isUniqueKey(List.of(key))) {
            throw new HexabaseError(422, "key_field_displayid " + key + " is not unique in datastore " + table.name()
                    + ": the key must be the primary key or a unique field");
        }
        if (mode == null && !header.isEmpty() && !header.contains(key)) {
            throw HexabaseError.badRequest("the file has no column " + key + " (key_field_displayid)");
        }
    }

    /** Feeds the table's column of {@code role} from the file's special column {@code field}, when the file has it. */
    private static void special(Table table, List<String> header, String field, ColumnRole role, String what,
                                Map<String, String> mapping) {
        if (!header.contains(field)) return;
        Optional<Column> target = table.columns().stream().filter(c -> c.role() == role).findFirst();
        if (target.isEmpty()) throw HexabaseError.badRequest("the file has a column " + field + ", but datastore "
                + table.name() + " has no " + what);
        String column = target.get().name();
        if (header.contains(column)) {
            throw HexabaseError.badRequest("the file gives " + column + " twice: as " + field + " and as " + column);
        }
        mapping.put(column, field);
    }
}
