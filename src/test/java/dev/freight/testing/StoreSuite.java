package dev.freight.testing;

import dev.freight.store.StoreKind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of the engine and API suites: each subclass runs in full once per store of
 * {@link Stores#all()}, against its own node and database.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.freight.testing.Stores#all")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreSuite {
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Parameter
    protected StoreKind kind;

    protected TestNode node;

    @BeforeParameterizedClassInvocation
    void startNode(StoreKind store) {
        node = TestNode.start(store, workers(), chunkSize(), this::configure, clock());
    }

    @AfterParameterizedClassInvocation
    void stopNode() {
        if (node != null) node.close();
        node = null;
    }

    protected int workers() {
        return 2;
    }

    protected int chunkSize() {
        return 500;
    }

    /** The clock the node's store reads the time from; the system's by default. */
    protected java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** Adjusts the node's configuration (dialect limits, callback schedule); unchanged by default. */
    protected dev.freight.Config configure(dev.freight.Config config) {
        return config;
    }

    /** Waits a little (polling tests); an interrupt ends the wait and stays set. */
    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A table name no other test uses. */
    protected static String unique(String prefix) {
        return prefix + "_" + SEQ.incrementAndGet();
    }
}
