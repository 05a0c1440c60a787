package dev.freight.http;

import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.imports.Refused;
import dev.freight.job.ImportRejected;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every vendor dialect needs around its translation, written once: errors in the vendor's
 * body (whatever fails, never problem+json), the key and its write role, the body cap with its
 * 413, {@code If-Match}, and jobs, tables and row results of the key's workspace through the
 * {@link Imports} door. A dialect supplies only its words and its error body.
 */
public final class DialectSupport {
    /** How a vendor answers an error: its body for a status and message (the headers are set already). */
    @FunctionalInterface
    public interface ErrorBody {
        void write(Context ctx, int status, String message);
    }

    private final Imports imports;
    private final ErrorBody errorBody;

    public DialectSupport(Imports imports, ErrorBody errorBody) {
        this.imports = imports;
        this.errorBody = errorBody;
    }

    public Imports imports() {
        return imports;
    }

    /** The route {@code h}, whose every failure leaves in the vendor's error body. */
    public Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (Exception e) {
                answer(ctx, e);
            }
        };
    }

    private void answer(Context ctx, Exception e) {
        if (e instanceof DialectError d) {
            d.headers().forEach(ctx::header);
            errorBody.write(ctx, d.status(), d.getMessage());
        } else if (e instanceof ApiException a) { // the body's limit and framing, from LimitedInputStream
            answer(ctx, a);
        } else if (e instanceof ImportRejected r) { // vendors have no 422: options impossible for the table are a bad request
            errorBody.write(ctx, r.status() >= 500 ? r.status() : 400, r.getMessage());
        } else if (e instanceof Refused r) {
            errorBody.write(ctx, r.status(), r.getMessage());
        } else {
            ApiException a = Failures.answer(ctx, e);
            errorBody.write(ctx, a.status(), a.getMessage());
        }
    }

    /** An error answered in the vendor's body with its headers (the server's routing errors under the dialect's prefix). */
    public void answer(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        errorBody.write(ctx, e.status(), e.getMessage());
    }

    /** The key of {@code secret} when {@code accepts} it too; else 401 with {@code refusal}. */
    public ApiKey authenticate(String secret, Predicate<ApiKey> accepts, String refusal) {
        ApiKey key = imports.keys().find(secret);
        if (key == null || !accepts.test(key)) throw new DialectError(401, refusal);
        return key;
    }

    /** {@code key} when it may write; else 403 with {@code refusal}. */
    public ApiKey requireWrite(ApiKey key, String refusal) {
        if (!key.role().canWrite()) throw new DialectError(403, refusal);
        return key;
    }

    /** The request body under {@code max} bytes: 413 with {@code tooLarge} from Content-Length first, else as soon as it passes. */
    public InputStream body(Context ctx, long max, String tooLarge) throws IOException {
        return Bodies.capped(ctx, max, () -> new DialectError(413, tooLarge));
    }

    /**
     * The request's {@code multipart/form-data} under {@code max} bytes: 413 with {@code tooLarge} from
     * Content-Length first, else once a part passes it; 400 with {@code notMultipart} for another body.
     */
    public MultipartForm form(Context ctx, long max, String tooLarge, String notMultipart) {
        return MultipartForm.of(ctx, max, () -> new DialectError(413, tooLarge), () -> new DialectError(400, notMultipart));
    }

    /** Follows the job as Server-Sent Events, as {@code render} makes them, until it is final. */
    public void follow(Context ctx, Job job, Function<Job, List<JobEventStream.Event>> render) throws IOException {
        JobEventStream.follow(ctx, imports.jobs(), job, render);
    }

    /** The table {@code name} of the key's workspace; else 404 with {@code notFound}. */
    public Table table(ApiKey key, String name, String notFound) {
        return imports.tables().find(key.workspace(), name).orElseThrow(() -> new DialectError(404, notFound));
    }

    /** The request's {@code If-Match} against the table's ETag; 409 naming the table by the vendor's {@code noun}. */
    public void requireVersion(Context ctx, Table table, String noun) {
        imports.tables().requireVersion(table, ctx.header("If-Match"), noun);
    }

    /** The job {@code id} of the key's workspace; else 404 "{@code noun id} does not exist". */
    public Job job(ApiKey key, String id, String noun) {
        return imports.jobs().get(key.workspace(), id, noun);
    }

    /** The job's row results of {@code wanted} outcomes that the key reads, in input order, at most {@code max}. */
    public void results(Job job, ApiKey key, Set<Outcome> wanted, long max, Consumer<RowResult> each) {
        imports.results().forEach(job, key, wanted, max, each);
    }
}
