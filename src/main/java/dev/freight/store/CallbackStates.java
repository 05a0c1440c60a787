package dev.freight.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Where each job's callback delivery stands: owed from the moment the job ends until delivered, given up or refused. */
public final class CallbackStates {
    private final Database db;
    private final Queries q;

    CallbackStates(Database db, Queries q) {
        this.db = db;
        this.q = q;
    }

    /** Records where a job's callback delivery stands ({@code state}) and its detail (JSON). */
    public void set(String jobId, String state, String callbackJson) {
        db.write(c -> q.update(c, "setCallback", callbackJson, state, jobId));
    }

    /** Jobs whose callback is owed (not yet delivered, given up or refused), oldest first. */
    public List<String> pending() {
        return db.read(c -> q.list(c, "pendingCallbacks", rs -> rs.getString(1)));
    }

    /** The job's callback is owed (in the transaction that ends the job). */
    void due(Connection c, String jobId) throws SQLException {
        q.update(c, "callbackDue", jobId);
    }
}
