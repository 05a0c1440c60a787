package dev.freight.compat.yesmail;

import dev.freight.Json;
import dev.freight.job.Job;
import dev.freight.job.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as a Yesmail ticket: its events become the ticket's ({@code accepted → processing →
 * completed | failed}, with {@code retrying} while the engine retries), and the ticket's state
 * is that of its last event. Also the body POSTed to {@code responseUri}.
 */
final class TicketView {
    /** The {@link dev.freight.callback.CallbackBodies} name under which this view renders callbacks. */
    static final String CALLBACK_FORMAT = "yesmail-ticket";
    static final String ACCEPTED = "Import request of reference data accepted.";

    private TicketView() {}

    static Map<String, Object> of(Job job) {
        List<Map<String, Object>> events = events(job);
        Map<String, Object> last = events.get(events.size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("state", last.get("state"));
        m.put("message", last.get("message"));
        m.put("lastUpdate", last.get("time"));
        m.put("events", events);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", Long.toString(job.number()));
        request.put("user", job.workspace()); // Api-User is the key's workspace
        request.put("time", Json.time(job.createdAt()));
        request.put("uri", YesmailRoutes.importPath(job.table()));
        m.put("request", request);
        if (job.spec().callbackUrl() != null || job.ref() != null) {
            Map<String, Object> response = new LinkedHashMap<>();
            if (job.spec().callbackUrl() != null) response.put("uri", job.spec().callbackUrl());
            if (job.ref() != null) response.put("ref", job.ref());
            if (job.callback() != null) response.put("delivery", Json.read(job.callback(), Map.class));
            m.put("response", response);
        }
        // final by its events, not job.state(): the store may read the row a moment before the events
        if (last.get("state").equals("completed") || last.get("state").equals("failed")) {
            m.put("results", Map.of("uri", YesmailRoutes.resultsPath(job.id())));
        }
        return m;
    }

    /** The job's history in ticket states; events of other kinds (none yet) are left out. */
    private static List<Map<String, Object>> events(Job job) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JobEvent e : job.events()) {
            String state;
            String message;
            switch (e.state()) {
                case "queued" -> {
                    // the first is the acceptance; a later one means the job was handed back to run again
                    state = out.isEmpty() ? "accepted" : "retrying";
                    message = out.isEmpty() ? ACCEPTED : e.message();
                }
                case "running" -> {
                    state = "processing";
                    message = "Import request of reference data is being processed.";
                }
                case "retrying" -> {
                    state = "retrying";
                    message = e.message();
                }
                case "completed" -> {
                    state = "completed";
                    message = "Import request of reference data completed.";
                }
                case "failed", "cancelled" -> {
                    state = "failed";
                    message = "Import request of reference data failed: " + (job.error() != null ? job.error() : e.message());
                }
                default -> {
                    continue;
                }
            }
            out.add(event(state, message, e.time()));
        }
        if (out.isEmpty()) out.add(event("accepted", ACCEPTED, job.createdAt()));
        return out;
    }

    private static Map<String, Object> event(String state, String message, Instant time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("message", message);
        m.put("time", Json.time(time));
        return m;
    }
}
