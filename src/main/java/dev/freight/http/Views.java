package dev.freight.http;

import dev.freight.Json;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobEvent;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.Status;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The native API's JSON shapes (API.md), built in one place. */
public final class Views {
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
        if (c.defaultValue() != null) m.put("default", c.defaultValue());
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

    public static Map<String, Object> job(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("number", j.number());
        m.put("table", j.table());
        m.put("mode", j.mode().wireName());
        m.put("state", j.state().wireName());
        m.put("name", j.name());
        m.put("ref", j.ref());
        m.put("counts", counts(j.counts()));
        m.put("createdAt", Json.time(j.createdAt()));
        m.put("startedAt", Json.time(j.startedAt()));
        m.put("finishedAt", Json.time(j.finishedAt()));
        List<Map<String, Object>> events = new ArrayList<>();
        for (JobEvent e : j.events()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("state", e.state());
            em.put("message", e.message());
            em.put("time", Json.time(e.time()));
            events.add(em);
        }
        m.put("events", events);
        m.put("error", j.error());
        if (j.callback() != null) m.put("callback", Json.read(j.callback(), Map.class));
        return m;
    }

    public static Map<String, Object> counts(Counts k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", k.requested());
        m.put("processed", k.processed());
        m.put("inserted", k.inserted());
        m.put("updated", k.updated());
        m.put("unchanged", k.unchanged());
        m.put("ignored", k.ignored());
        m.put("deleted", k.deleted());
        m.put("failed", k.failed());
        return m;
    }
}
