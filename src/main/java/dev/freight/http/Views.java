package dev.freight.http;

import dev.freight.ingest.Coercer;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobJson;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.Status;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import dev.freight.engine.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The native API's JSON shapes (API.md), built in one place. */
public final class Views {
    private static final Coercer DEFAULTS = new Coercer(List.of());
    private Views() {}

    public static Map<String, Object> table(Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        List<Map<String, Object>> cols = new ArrayList<>();
        for (Column c : t.columns()) cols.add(column(c));
        m.put("columns", cols);
        m.put("primaryKey", t.primaryKey());
        m.put("uniqueKeys", t.uniqueKeys());
        if (t.kind() != TableKind.TABLE) {
            m.put("kind", t.kind().wireName());
            m.put("associations", t.associations());
        }
        m.put("discovered", t.discovered());
        return m;
    }

    static Map<String, Object> column(Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.type().wireName());
        m.put("nullable", c.nullable());
        if (c.defaultValue() != null) m.put("default", defaultValue(c));
        if (c.precision() != null) m.put("precision", c.precision());
        if (c.scale() != null) m.put("scale", c.scale());
        if (!c.updatable()) m.put("updatable", false);
        if (c.autonumber()) m.put("autonumber", true);
        if (c.role() != ColumnRole.NONE) m.put("role", c.role().wireName());
        if (!c.statuses().isEmpty()) {
            List<Map<String, String>> st = new ArrayList<>();
            for (Status s : c.statuses()) st.add(Map.of("id", s.id(), "name", s.name()));
            m.put("statuses", st);
        }
        return m;
    }

    /** A default in its column's JSON type (0, not "0"), as it was given; one the database keeps as an expression stays text. */
    private static Object defaultValue(Column c) {
        try {
            return Values.json(DEFAULTS.coerce(c, c.defaultValue()));
        } catch (RuntimeException e) {
            return c.defaultValue();
        }
    }

    public static Map<String, Object> job(Job j) {
        return JobJson.of(j);
    }

    public static Map<String, Object> counts(Counts k) {
        return JobJson.counts(k);
    }
}
