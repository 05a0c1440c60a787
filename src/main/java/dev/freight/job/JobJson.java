package dev.freight.job;

import dev.freight.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job in the native API's JSON shape (API.md), used by the HTTP routes and by callbacks. */
public final class JobJson {
    private JobJson() {}

    public static Map<String, Object> of(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("number", j.number());
        m.put("table", j.table());
        m.put("mode", j.mode().wireName());
        m.put("state", j.state().wireName());
        m.put("dryRun", j.spec() != null && j.spec().dryRun());
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
