package dev.freight.ingest;

/** A JSON object or array from the input, kept as its JSON text. */
public record JsonText(String json) {}
