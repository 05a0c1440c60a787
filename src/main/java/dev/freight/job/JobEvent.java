package dev.freight.job;

import java.time.Instant;

/** One entry of a job's history: a state change or a notable moment, with its time. */
public record JobEvent(String state, String message, Instant time) {}
