package dev.freight.compat.dengage;

import dev.freight.imports.Tables;
import dev.freight.schema.Table;
import java.util.Locale;
import java.util.Optional;

/** {@code tableName} or {@code tableId} of a request, resolved in the key's workspace. */
final class TableRef {
    /** D·engage's contact master table is maintained by the platform itself, never by UpsertData. */
    static final String MASTER_CONTACT = "master_contact";

    String name;
    String id;

    Table resolve(Tables tables, String workspace) {
        if (blank(name) && blank(id)) throw DengageError.badRequest("tableId or tableName is required");
        Optional<Table> t;
        String shown;
        if (!blank(id)) {
            shown = "with id " + id;
            t = tables.byId(workspace, id.trim());
            if (t.isPresent() && !blank(name) && !t.get().name().equals(name.trim())) {
                throw DengageError.badRequest("tableId " + id + " is table " + t.get().name() + ", not " + name);
            }
        } else {
            String n = name.trim();
            shown = n;
            if (n.toLowerCase(Locale.ROOT).equals(MASTER_CONTACT)) throw masterContact();
            t = tables.find(workspace, n);
        }
        Table table = t.orElseThrow(() -> new DengageError(404, "table " + shown + " does not exist"));
        if (table.name().toLowerCase(Locale.ROOT).equals(MASTER_CONTACT)) throw masterContact();
        return table;
    }

    private static DengageError masterContact() {
        return DengageError.badRequest("UpsertData cannot target the master_contact table");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
