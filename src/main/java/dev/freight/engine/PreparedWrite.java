package dev.freight.engine;

/**
 * Work for a chunk's write that a store's writer did while the chunk was planned, off the
 * transaction that writes it (PostgreSQL: the COPY data of its first set-wise attempt). The
 * engine only carries it from planning to writing; what it holds is the writer's business.
 */
public interface PreparedWrite {}
