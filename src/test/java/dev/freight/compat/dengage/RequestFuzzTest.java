package dev.freight.compat.dengage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.freight.testing.FuzzStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz targets of D·engage's request parsers: any body is either read into a request or refused
 * with a {@link DengageError} (400), and a refused async body leaves nothing spooled.
 */
class RequestFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void asyncRequest(byte[] body) throws IOException {
        long before = FuzzStore.payloads();
        try {
            AsyncRequest r = AsyncRequest.read(new ByteArrayInputStream(body), FuzzStore.imports());
            assertThat(r.file).isNotNull();
            r.discard(FuzzStore.imports());
        } catch (DengageError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "Exception");
        }
        assertThat(FuzzStore.payloads()).as("nothing left spooled").isEqualTo(before);
    }

    @FuzzTest(maxDuration = "10m")
    void syncRequest(byte[] body) throws IOException {
        try {
            SyncRequest r = SyncRequest.read(new ByteArrayInputStream(body));
            assertThat(r.columns).isNotEmpty();
            assertThat(r.rows.size()).isLessThanOrEqualTo(SyncRequest.MAX_ROWS);
        } catch (DengageError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "Exception");
        }
    }
}
