package dev.freight;

import dev.freight.auth.ApiKey;
import dev.freight.auth.KeySecrets;
import dev.freight.auth.Role;
import dev.freight.callback.CallbackBodies;
import dev.freight.callback.CallbackTargets;
import dev.freight.callback.Callbacks;
import dev.freight.compat.brevo.BrevoRoutes;
import dev.freight.compat.brevo.BrevoSettings;
import dev.freight.compat.contractinsight.ContractInsightRoutes;
import dev.freight.compat.contractinsight.ContractInsightSettings;
import dev.freight.compat.dengage.DengageRoutes;
import dev.freight.compat.hexabase.HexabaseRoutes;
import dev.freight.compat.yesmail.YesmailRoutes;
import dev.freight.http.Dialect;
import dev.freight.http.Server;
import dev.freight.imports.Imports;
import dev.freight.job.JobState;
import dev.freight.store.Store;
import dev.freight.store.StoreKind;
import dev.freight.worker.Dispatcher;
import dev.freight.worker.JobSignals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: store, dispatcher and HTTP server, started and stopped together. */
public final class Freight implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Freight.class);

    private final Store store;
    private final Dispatcher dispatcher;
    private final Server server;
    private final Callbacks callbacks;

    private Freight(Store store, Dispatcher dispatcher, Server server, Callbacks callbacks) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.server = server;
        this.callbacks = callbacks;
    }

    public static Freight start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /** A node whose store reads the time from {@code clock} (tests move it on instead of sleeping). */
    public static Freight start(Config config, Clock clock) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        StoreLocation location = StoreLocation.of(config.jdbcUrl());
        log.info("Freight store: {}", location.text());
        Store store = Store.open(config.jdbcUrl(), config.workers() * 3 + 6, clock); // per worker: a chunk commit, the next chunk's plan, the body read
        bootstrapAdminKey(store, config, location);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        JobSignals signals = new JobSignals();
        // jobs paused on a failing database: how many now, and how many pauses since the start
        io.micrometer.core.instrument.Gauge.builder("freight_jobs_paused", signals.pauses(), p -> p.paused())
                .description("jobs paused because the database failed under them").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("freight_store_pauses", signals.pauses(), p -> p.total())
                .description("times a job paused because the database failed (gone, restarting, busy or locked)").register(metrics);
        CallbackBodies callbackBodies = new CallbackBodies();
        Callbacks callbacks = new Callbacks(store, new CallbackTargets(config.callbackAllow()), config.callbackSchedule(),
                callbackBodies, config.callbackTimeout());
        signals.onJobEnded(callbacks::jobEnded);
        signals.onJobEnded(id -> store.job(id).ifPresent(job -> count(metrics, job)));
        Dispatcher dispatcher = new Dispatcher(store, signals, config.workers(), config.chunkSize(), config.lease(),
                config.maxCrashes());
        if (store.kind() == StoreKind.SQLITE) {
            // one node owns a SQLite file: whatever ran before this start was interrupted (a crash, if it still runs)
            dispatcher.rescue(Instant.now().plus(Duration.ofDays(365)));
        }
        Imports imports = new Imports(store, signals, callbackBodies);
        // the installation's queue, read from the database at each scrape: every node reports the same numbers (use max, not sum)
        io.micrometer.core.instrument.Gauge.builder("freight_jobs_queued", imports.health(), h -> h.jobsIn(JobState.QUEUED))
                .description("jobs waiting to run, on every node of this database").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("freight_jobs_running", imports.health(), h -> h.jobsIn(JobState.RUNNING))
                .description("jobs running now, on every node of this database").register(metrics);
        List<Dialect> dialects = List.of(new DengageRoutes(imports, config.dengage()), new YesmailRoutes(imports, config.yesmail()),
                new HexabaseRoutes(imports, config.hexabase()), new BrevoRoutes(imports, BrevoSettings.DEFAULTS),
                new ContractInsightRoutes(imports, ContractInsightSettings.DEFAULTS));
        Server server = new Server(imports, metrics, config.maxBody(), dialects);
        server.start(config.host(), config.port());
        dispatcher.start();
        callbacks.resumePending();
        log.info("Freight listening on http://{}:{}", config.host(), server.port());
        return new Freight(store, dispatcher, server, callbacks);
    }

    /** Prometheus counters of ended jobs and of their rows by outcome. */
    private static void count(MeterRegistry metrics, dev.freight.job.Job job) {
        Counter.builder("freight_jobs_ended").description("jobs that ended on this node, by final state")
                .tag("state", job.state().wireName()).register(metrics).increment();
        var k = job.counts();
        rows(metrics, "inserted", k.inserted());
        rows(metrics, "updated", k.updated());
        rows(metrics, "unchanged", k.unchanged());
        rows(metrics, "ignored", k.ignored());
        rows(metrics, "deleted", k.deleted());
        rows(metrics, "failed", k.failed());
    }

    private static void rows(MeterRegistry metrics, String outcome, long n) {
        Counter.builder("freight_rows").description("rows of the jobs that ended on this node, by outcome")
                .tag("outcome", outcome).register(metrics).increment(n);
    }

    /** First start: the admin key of workspace default, from FREIGHT_ADMIN_KEY or generated (then kept in a new file). */
    static void bootstrapAdminKey(Store store, Config config, StoreLocation location) {
        if (store.countKeys() > 0) return;
        boolean given = config.adminKey() != null && !config.adminKey().isBlank();
        String secret = given ? config.adminKey().trim() : KeySecrets.newSecret();
        try {
            store.createKey(new ApiKey(UUID.randomUUID().toString(), "default", Role.ADMIN, "admin", List.of(),
                    store.clock().instant()), KeySecrets.hash(secret));
        } catch (RuntimeException e) {
            if (store.countKeys() > 0) return; // another node, starting at the same moment, made it
            throw e;
        }
        if (given) return;
        System.out.println(AdminKeyFile.save(config.dataDir(), secret, location));
    }

    public int port() {
        return server.port();
    }

    public Server server() {
        return server;
    }

    public Store store() {
        return store;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Stops taking requests, lets running chunks commit (their jobs return to the queue), closes the database. */
    @Override
    public void close() {
        server.close();
        dispatcher.close();
        callbacks.close();
        store.close();
    }
}
