package dev.freight.ingest;

import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proposes a table for a sample of rows: a column per field with the narrowest of Freight's types
 * that holds every value seen, the date-time pattern the values are written in when it is not a
 * built-in one, and a likely key. It reads the values exactly as an import would (the same
 * {@link Coercer} rules), so a table created from the proposal accepts the sample.
 */
public final class SchemaInference {
    /** Patterns tried, in order, for dates and times the built-in formats do not read. */
    static final List<String> PATTERNS = List.of(
            "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "yyyy/MM/dd", "dd-MM-yyyy", "MM-dd-yyyy",
            "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss", "dd.MM.yyyy HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
            "dd/MM/yyyy HH:mm", "MM/dd/yyyy HH:mm", "dd.MM.yyyy HH:mm", "yyyy/MM/dd HH:mm");
    private static final DateTimes BUILT_IN = new DateTimes(List.of());
    private static final List<DateTimes> WITH_PATTERN = PATTERNS.stream().map(p -> new DateTimes(List.of(p))).toList();
    private static final Set<String> SPECIAL_FIELDS = Set.of("_delete_", "_status_", "_group_id_");
    private static final int EXAMPLES = 3;
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "t", "f", "yes", "no", "y", "n");
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?\\d+");
    private static final java.util.regex.Pattern UUID =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SchemaInference() {}

    /** Reads at most {@code maxRows} rows of {@code reader} (which it does not close) and proposes a table. */
    public static InferredSchema infer(RowReader reader, int maxRows) {
        Map<String, FieldStats> fields = new LinkedHashMap<>();
        long rows = 0;
        long skipped = 0;
        SourceRow row;
        while (rows + skipped < maxRows && (row = reader.next()) != null) {
            if (row.error() != null) {
                skipped++;
                continue;
            }
            rows++;
            for (int i = 0; i < row.names().size(); i++) {
                String field = row.names().get(i);
                if (field == null || SPECIAL_FIELDS.contains(field)) continue;
                fields.computeIfAbsent(field, FieldStats::new).see(row.values()[i]);
            }
            // a field missing from a JSON row counts as empty in that row
            for (FieldStats f : fields.values()) f.endRow(rows);
        }
        List<InferredColumn> columns = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (FieldStats f : fields.values()) columns.add(f.column(uniqueName(f.field, taken, columns.size() + 1)));
        String key = likelyKey(columns, new ArrayList<>(fields.values()), rows);
        List<InferredColumn> out = new ArrayList<>();
        for (InferredColumn c : columns) out.add(c.name().equals(key) ? c.asKey() : c);
        return new InferredSchema(out, key == null ? List.of() : List.of(key), rows, skipped);
    }

    /** A valid, unused column name for a field: lower case, other characters as {@code _}. */
    static String uniqueName(String field, Set<String> taken, int position) {
        String base = field.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_+", "_");
        base = base.replaceAll("_$", "");
        if (!field.trim().startsWith("_")) base = base.replaceAll("^_", "");
        if (base.isEmpty() || base.equals("_")) base = "column_" + position;
        if (!Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') base = "c_" + base;
        if (base.startsWith("freight_") || base.startsWith("sqlite_")) base = "c_" + base;
        if (base.length() > 63) base = base.substring(0, 63);
        String name = base;
        for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)) || !Names.isValid(name); n++) {
            String suffix = "_" + n;
            name = (base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base) + suffix;
        }
        return name;
    }

    /**
     * The column most likely to identify a row: filled and distinct in every sampled row, of an
     * identifier's type, preferring the name {@code id}, then names that say they are one, then
     * the first column. Null when nothing is convincing.
     */
    private static String likelyKey(List<InferredColumn> columns, List<FieldStats> stats, long rows) {
        String best = null;
        int bestScore = 0;
        for (int i = 0; i < columns.size(); i++) {
            InferredColumn c = columns.get(i);
            FieldStats s = stats.get(i);
            if (rows == 0 || s.empty > 0 || !s.distinct) continue;
            if (c.type() != ColumnType.INTEGER && c.type() != ColumnType.UUID && c.type() != ColumnType.TEXT) continue;
            String n = c.name();
            int score = n.equals("id") ? 4
                    : n.endsWith("_id") || n.endsWith("id") && n.length() > 2 || n.equals("uuid") || n.equals("key")
                            || n.endsWith("_key") || n.equals("code") || n.endsWith("_code") || n.equals("email") ? 3
                    : i == 0 && c.type() != ColumnType.TEXT ? 2 : 0;
            if (score > bestScore) {
                best = n;
                bestScore = score;
            }
        }
        return best;
    }

    /** What one field's values in the sample allow. */
    private static final class FieldStats {
        final String field;
        final Set<String> values = new HashSet<>();
        final List<String> examples = new ArrayList<>();
        boolean distinct = true;
        long empty;
        long seenInRows;
        boolean sawValue;
        boolean allBoolean = true, anyBooleanWord, allInteger = true, allDecimal = true;
        boolean allUuid = true, allJson = true, anyTime, anyOffset;
        boolean builtInFits = true;
        final boolean[] patternFits = new boolean[PATTERNS.size()];

        FieldStats(String field) {
            this.field = field;
            java.util.Arrays.fill(patternFits, true);
        }

        void see(Object raw) {
            seenInRows++;
            if (raw == null || raw instanceof String s && s.isEmpty()) {
                empty++;
                return;
            }
            sawValue = true;
            String text = raw.toString();
            if (distinct && values.size() < 100_000 && !values.add(text)) distinct = false;
            if (examples.size() < EXAMPLES && !examples.contains(text)) examples.add(text.length() > 80 ? text.substring(0, 80) + "…" : text);
            if (!(raw instanceof JsonText)) allJson = false;
            if (raw instanceof Boolean) {
                anyBooleanWord = true;
                notNumber();
                notDateTime();
                allUuid = false;
            } else if (raw instanceof JsonText) {
                allBoolean = allUuid = false;
                notNumber();
                notDateTime();
            } else if (raw instanceof Long || raw instanceof BigDecimal) {
                BigDecimal d = raw instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) raw;
                allBoolean &= d.compareTo(BigDecimal.ZERO) == 0 || d.compareTo(BigDecimal.ONE) == 0;
                allInteger &= raw instanceof Long;
                allUuid = false;
                notDateTime();
            } else {
                String s = text.trim();
                String lower = s.toLowerCase(Locale.ROOT);
                boolean word = BOOLEAN_WORDS.contains(lower);
                anyBooleanWord |= word;
                allBoolean &= word || lower.equals("0") || lower.equals("1");
                if (allDecimal) {
                    if (!DECIMAL.matcher(s).matches()) notNumber();
                    else allInteger &= INTEGER.matcher(s).matches() && fitsLong(s);
                }
                allUuid &= UUID.matcher(s).matches();
                if (builtInFits || anyPatternFits()) dateTime(s);
            }
        }

        /** A JSON row without this field: empty there. */
        void endRow(long row) {
            if (seenInRows < row) {
                empty += row - seenInRows;
                seenInRows = row;
            }
        }

        private void notNumber() {
            allInteger = allDecimal = false;
        }

        private void notDateTime() {
            builtInFits = false;
            java.util.Arrays.fill(patternFits, false);
        }

        private boolean anyPatternFits() {
            for (boolean b : patternFits) if (b) return true;
            return false;
        }

        /** Keeps the ways of reading that read {@code s}; a pattern is only tried once the built-in formats fail. */
        private void dateTime(String s) {
            Temporal t = builtInFits ? BUILT_IN.parse(s) : null;
            if (t == null) builtInFits = false;
            for (int p = 0; p < PATTERNS.size(); p++) {
                if (!patternFits[p]) continue;
                Temporal withPattern = t != null ? t : WITH_PATTERN.get(p).parse(s);
                if (withPattern == null) patternFits[p] = false;
                else note(withPattern);
            }
            if (t != null) note(t);
        }

        private void note(Temporal t) {
            if (t instanceof OffsetDateTime) anyOffset = anyTime = true;
            else if (t instanceof LocalDateTime) anyTime = true;
            else if (!(t instanceof LocalDate)) notDateTime();
        }

        InferredColumn column(String name) {
            ColumnType type = ColumnType.TEXT;
            String format = null;
            if (!sawValue) type = ColumnType.TEXT;
            else if (allJson) type = ColumnType.JSON;
            else if (allBoolean && anyBooleanWord) type = ColumnType.BOOLEAN;
            else if (allInteger) type = ColumnType.INTEGER;
            else if (allDecimal) type = ColumnType.DECIMAL;
            else if (allUuid) type = ColumnType.UUID;
            else if (builtInFits || anyPatternFits()) {
                if (!builtInFits) {
                    for (int p = 0; p < PATTERNS.size() && format == null; p++) if (patternFits[p]) format = PATTERNS.get(p);
                }
                type = anyOffset ? ColumnType.TIMESTAMPTZ : anyTime ? ColumnType.TIMESTAMP : ColumnType.DATE;
            }
            return new InferredColumn(name, field, type, true, format, empty, List.copyOf(examples));
        }

        private static boolean fitsLong(String s) {
            try {
                Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
