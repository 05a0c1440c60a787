package dev.freight.ingest;

import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns input rows into table rows: which input field (or constant) feeds each column,
 * what an empty field means, the special {@code _delete_} field, and coercion. One per job.
 */
public final class RowMapper {
    /** Input fields with a meaning of their own rather than a column. */
    public static final String DELETE_FIELD = "_delete_";
    /** On an object type: the row's links and unlinks, {@code [{"type", "action": "link"|"unlink", "key": {column: value}}]}. */
    public static final String ASSOCIATIONS_FIELD = "@associations";

    private final Table table;
    private final MappingOptions options;
    private final Coercer coercer;
    private final String[] sourceField; // by column: the input field feeding it, or null
    private final Object[] constant; // by column: coerced constant, or ABSENT
    private final Set<String> consumed = new HashSet<>();

    private List<String> lastNames;
    private int[] lastIndex; // by column: position in lastNames, or -1
    private int lastDelete;
    private int lastAssociations;
    private List<String> lastUnknown;

    public RowMapper(Table table, MappingOptions options, Coercer coercer) {
        this.table = table;
        this.options = options;
        this.coercer = coercer;
        List<Column> cols = table.columns();
        sourceField = new String[cols.size()];
        constant = new Object[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            constant[i] = MappedRow.ABSENT;
            String cv = options.constants().get(c.name());
            if (cv != null) {
                constant[i] = cv.isEmpty() ? null : coercer.coerce(c, cv);
                continue;
            }
            sourceField[i] = options.mapping().getOrDefault(c.name(), c.name());
            consumed.add(sourceField[i]);
        }
        consumed.add(DELETE_FIELD);
        if (table.kind() == TableKind.OBJECT) consumed.add(ASSOCIATIONS_FIELD);
    }

    /**
     * What is wrong with the options for this table and these input fields (the first row's
     * names), as field → message; empty when the import can start.
     */
    public static Map<String, String> check(Table table, MappingOptions options, Coercer coercer, List<String> names) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String col : options.mapping().keySet()) {
            if (table.column(col).isEmpty()) errors.put("map." + col, "table " + table.name() + " has no column " + col);
        }
        for (Map.Entry<String, String> e : options.constants().entrySet()) {
            Column c = table.column(e.getKey()).orElse(null);
            if (c == null) {
                errors.put("const." + e.getKey(), "table " + table.name() + " has no column " + e.getKey());
                continue;
            }
            try {
                if (!e.getValue().isEmpty()) coercer.coerce(c, e.getValue());
            } catch (CoercionException ex) {
                errors.put("const." + e.getKey(), ex.getMessage());
            }
        }
        if (!errors.isEmpty() || names == null) return errors;
        for (Map.Entry<String, String> e : options.mapping().entrySet()) {
            if (!names.contains(e.getValue())) {
                errors.put("map." + e.getKey(), "the input has no field " + e.getValue());
            }
        }
        if (!options.ignoreUnknown()) {
            RowMapper m = new RowMapper(table, options, coercer);
            List<String> unknown = m.unknown(names);
            if (!unknown.isEmpty()) {
                errors.put("unknownColumns", "the input's " + (unknown.size() == 1 ? "field " : "fields ")
                        + String.join(", ", unknown) + (unknown.size() == 1 ? " feeds" : " feed")
                        + " no column of table " + table.name()
                        + " (map it with map.<column>=<field>, or pass unknownColumns=ignore)");
            }
        }
        if (options.requireAllColumns()) {
            List<String> missing = new ArrayList<>();
            for (Column c : table.columns()) {
                boolean fed = options.constants().containsKey(c.name())
                        || names.contains(options.mapping().getOrDefault(c.name(), c.name()));
                if (!fed) missing.add(c.name());
            }
            if (!missing.isEmpty()) errors.put("columns", "every column of table " + table.name()
                    + " must be given; missing: " + String.join(", ", missing));
        }
        return errors;
    }

    private List<String> unknown(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) if (!consumed.contains(n)) out.add(n);
        return out;
    }

    public MappedRow map(SourceRow r) {
        if (r.error() != null) return MappedRow.failed(r.index(), r.line(), r.error());
        if (r.names() != lastNames) index(r.names());
        if (!options.ignoreUnknown() && !lastUnknown.isEmpty()) {
            return MappedRow.failed(r.index(), r.line(), "field " + lastUnknown.get(0) + " feeds no column of table " + table.name());
        }
        List<Column> cols = table.columns();
        Object[] values = new Object[cols.size()];
        Object[] raw = r.values();
        String warning = options.warnUnknown() && !lastUnknown.isEmpty() ? ignoredWarning() : null;
        String error = null; // the first bad value; mapping goes on so the result can still name the row's key
        for (int i = 0; i < values.length; i++) {
            int at = lastIndex[i];
            if (at < 0) {
                values[i] = constant[i];
                continue;
            }
            Object v = raw[at];
            Column c = cols.get(i);
            if (v == null) {
                values[i] = null;
            } else if (v instanceof String s && s.isEmpty()) {
                values[i] = !options.emptyOverwrites() ? MappedRow.ABSENT : c.type() == ColumnType.TEXT ? "" : null;
            } else {
                try {
                    values[i] = coercer.coerce(c, v);
                } catch (CoercionException e) {
                    // a status or group names something that exists or not: no NULL stands in for it
                    if (!options.lenient() || isKey(c.name()) || c.role() == ColumnRole.STATUS || c.role() == ColumnRole.GROUP) {
                        if (error == null) error = e.getMessage();
                        values[i] = MappedRow.ABSENT;
                        continue;
                    }
                    values[i] = null;
                    warning = warning == null ? e.getMessage() + "; stored as NULL" : warning + "; " + e.getMessage() + "; stored as NULL";
                }
            }
        }
        boolean delete = false;
        if (lastDelete >= 0) {
            Object d = raw[lastDelete];
            delete = d instanceof Boolean b ? b : d != null && isTrue(d.toString());
        }
        List<AssociationChange> associations = List.of();
        if (error == null && lastAssociations >= 0 && raw[lastAssociations] != null) {
            try {
                associations = Associations.parse(table, raw[lastAssociations]);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        if (error != null) return new MappedRow(r.index(), r.line(), values, false, error, null);
        return new MappedRow(r.index(), r.line(), values, delete, null, warning, associations);
    }

    private String ignoredWarning() {
        return (lastUnknown.size() == 1 ? "field " : "fields ") + String.join(", ", lastUnknown)
                + (lastUnknown.size() == 1 ? " is not a column" : " are not columns") + " of table " + table.name() + "; ignored";
    }

    private boolean isKey(String column) {
        List<String> key = options.key() != null ? options.key() : table.primaryKey();
        return key.contains(column);
    }

    private static boolean isTrue(String s) {
        String t = s.trim();
        return t.equals("1") || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes");
    }

    private void index(List<String> names) {
        Map<String, Integer> pos = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) pos.put(names.get(i), i);
        lastIndex = new int[sourceField.length];
        for (int i = 0; i < sourceField.length; i++) {
            lastIndex[i] = sourceField[i] == null ? -1 : pos.getOrDefault(sourceField[i], -1);
        }
        lastDelete = pos.getOrDefault(DELETE_FIELD, -1);
        lastAssociations = consumed.contains(ASSOCIATIONS_FIELD) ? pos.getOrDefault(ASSOCIATIONS_FIELD, -1) : -1;
        lastUnknown = unknown(names);
        lastNames = names;
    }
}
