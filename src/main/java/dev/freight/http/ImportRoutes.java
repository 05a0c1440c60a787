package dev.freight.http;

import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.ingest.Format;
import dev.freight.job.ErrorThreshold;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportRejected;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.schema.Names;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/tables/{table}/imports}: options from the query, the body streamed into the spool. */
final class ImportRoutes {
    private static final int MAX_WAIT_SECONDS = 300;

    private final Imports imports;
    private final long maxBody;

    ImportRoutes(Imports imports, long maxBody) {
        this.imports = imports;
        this.maxBody = maxBody;
    }

    void register(RouteTable r) {
        r.post("/v1/tables/{table}/imports", this::create);
    }

    private void create(Context ctx) throws IOException {
        ApiKey key = Auth.requireWrite(ctx);
        QueryOptions.requireKnown(ctx, ImportOptions.NAMES, ImportOptions.PREFIXES, "an import", "");
        Table table = imports.tables().get(key.workspace(), ctx.pathParam("table"));
        imports.tables().requireVersion(table, ctx.header("If-Match"), "table");
        int wait = intParam(ctx, "wait", 0, 0, MAX_WAIT_SECONDS);
        UploadBody upload = UploadBody.of(ctx, maxBody);
        InputStream body = upload.body();
        ImportSpec spec = spec(ctx, upload.format(), upload.encoding());
        Job job;
        try (InputStream in = new LimitedInputStream(body, maxBody)) {
            job = imports.submissions().submit(key.workspace(), table, spec, ctx.queryParam("name"), ctx.queryParam("ref"), in);
        } catch (ImportRejected e) {
            throw e.status() == 422 ? ApiException.unprocessable(e.getMessage(), e.errors())
                    : new ApiException(e.status(), title(e.status()), e.getMessage(), ApiException.fieldList(e.errors()),
                    e.status() == 503 ? Map.of("Retry-After", "5") : null);
        }
        ctx.header("Location", "/v1/jobs/" + job.id());
        if (wait > 0) {
            Job done = imports.jobs().awaitFinal(job.id(), wait * 1000L);
            if (done.state().isFinal()) {
                ctx.status(200).json(Views.job(done));
                return;
            }
            job = done;
        }
        ctx.status(202).json(Views.job(job));
    }

    private static String title(int status) {
        return switch (status) {
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> "Bad Request";
        };
    }

    /** The import options of API.md, from the query string; a bad value is a 400 naming it. */
    ImportSpec spec(Context ctx, Format format, String encoding) {
        ImportMode mode = null;
        String m = ctx.queryParam("mode");
        if (m != null) {
            mode = ImportMode.fromWire(m);
            if (mode == null) throw ApiException.badRequest("mode", "mode '" + m + "' is unknown: use insert, upsert, replace, ignore, update, delete or replace_all");
        }
        List<String> key = null;
        String k = ctx.queryParam("key");
        if (k != null) {
            key = Arrays.stream(k.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (key.isEmpty()) throw ApiException.badRequest("key", "key must name at least one column");
            for (String column : key) requireColumnName("key", column);
        }
        ErrorThreshold threshold;
        try {
            threshold = ErrorThreshold.parse(ctx.queryParam("errorThreshold"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("errorThreshold", "errorThreshold: " + e.getMessage());
        }
        Character delimiter = delimiter(ctx);
        Map<String, String> mapping = new LinkedHashMap<>();
        Map<String, String> constants = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            String name = e.getKey();
            String value = e.getValue().isEmpty() ? "" : e.getValue().get(0);
            if (name.startsWith("map.")) mapping.put(requireColumnName(name, name.substring(4)), value);
            else if (name.startsWith("const.")) constants.put(requireColumnName(name, name.substring(6)), value);
        }
        boolean emptyOverwrites = bool(ctx, "emptyOverwrites", false);
        boolean atomic = bool(ctx, "atomic", false);
        boolean dryRun = bool(ctx, "dryRun", false);
        boolean lenient = bool(ctx, "lenient", false);
        boolean resetAutonumber = bool(ctx, "resetAutonumber", false);
        String unknown = ctx.queryParam("unknownColumns");
        boolean ignoreUnknown = false;
        boolean warnUnknown = false;
        if (unknown != null) {
            if (unknown.equals("ignore")) ignoreUnknown = true;
            else if (unknown.equals("warn")) ignoreUnknown = warnUnknown = true;
            else if (!unknown.equals("reject")) throw ApiException.badRequest("unknownColumns", "unknownColumns must be reject, ignore or warn");
        }
        List<String> alternateKey = null;
        String ak = ctx.queryParam("alternateKey");
        if (ak != null) {
            alternateKey = Arrays.stream(ak.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (alternateKey.isEmpty()) throw ApiException.badRequest("alternateKey", "alternateKey must name at least one column");
            for (String column : alternateKey) requireColumnName("alternateKey", column);
        }
        String callback = ctx.queryParam("callbackUrl");
        if (callback != null) {
            try {
                URI u = URI.create(callback);
                if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) throw new IllegalArgumentException();
            } catch (RuntimeException e) {
                throw ApiException.badRequest("callbackUrl", "callbackUrl must be an absolute http or https URL");
            }
        }
        List<String> formats = new ArrayList<>(ctx.queryParams("dateTimeFormat"));
        long expanded = "gzip".equals(encoding) ? (maxBody > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : maxBody * 10) : 0;
        return ImportSpec.builder(format).mode(mode).key(key).errorThreshold(threshold).delimiter(delimiter)
                .mapping(mapping).constants(constants).emptyOverwrites(emptyOverwrites).ignoreUnknown(ignoreUnknown)
                .warnUnknown(warnUnknown).alternateKey(alternateKey).atomic(atomic).lenient(lenient).resetAutonumber(resetAutonumber)
                .dateTimeFormats(formats).contentEncoding(encoding, expanded).callback(callback, null).dryRun(dryRun).build();
    }

    /** The {@code delimiter} option: null (read from the header line), or one of , ; tab |. */
    static Character delimiter(Context ctx) {
        String d = ctx.queryParam("delimiter");
        if (d == null) return null;
        return switch (d) {
            case ",", ";", "|" -> d.charAt(0);
            case "tab", "\t", "\\t" -> '\t';
            default -> throw ApiException.badRequest("delimiter", "delimiter must be , ; tab or |");
        };
    }

    /** A table column named in an option: a malformed name is a 400 here, an unknown one a 422 later. */
    private static String requireColumnName(String field, String column) {
        if (!Names.isValid(column)) throw ApiException.badRequest(field, new Names.InvalidNameException("column", column).getMessage());
        return column;
    }

    static boolean bool(Context ctx, String name, boolean dflt) {
        String v = ctx.queryParam(name);
        if (v == null) return dflt;
        if (v.equalsIgnoreCase("true") || v.equals("1")) return true;
        if (v.equalsIgnoreCase("false") || v.equals("0")) return false;
        throw ApiException.badRequest(name, name + " must be true or false");
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number from " + min + " to " + max);
        }
    }
}
