package dev.freight.ingest;

import java.util.Locale;

/** The body formats Freight reads. */
public enum Format {
    CSV, JSON, NDJSON;

    /** From a Content-Type (parameters ignored); null when unsupported. */
    public static Format fromContentType(String contentType) {
        if (contentType == null) return null;
        String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "text/csv", "application/csv", "text/comma-separated-values", "text/tab-separated-values" -> CSV;
            case "application/json" -> JSON;
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" -> NDJSON;
            default -> null;
        };
    }

    /** From a file name's extension; null when unknown. */
    public static Format fromFileName(String name) {
        if (name == null) return null;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) return CSV;
        if (n.endsWith(".ndjson") || n.endsWith(".jsonl")) return NDJSON;
        if (n.endsWith(".json")) return JSON;
        return null;
    }

    public String mediaType() {
        return switch (this) {
            case CSV -> "text/csv";
            case JSON -> "application/json";
            case NDJSON -> "application/x-ndjson";
        };
    }
}
