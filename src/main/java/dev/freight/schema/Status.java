package dev.freight.schema;

/** One named value of a status column: the column stores {@code id}. */
public record Status(String id, String name) {}
