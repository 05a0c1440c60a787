package dev.freight.auth;

import java.time.Instant;
import java.util.List;

/** A stored API key (its secret only as a hash). {@code groups} limits which rows it reads. */
public record ApiKey(String id, String workspace, Role role, String name, List<String> groups, Instant createdAt) {}
