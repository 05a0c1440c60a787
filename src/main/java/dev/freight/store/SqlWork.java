package dev.freight.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a connection that the {@link Database} lends. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
