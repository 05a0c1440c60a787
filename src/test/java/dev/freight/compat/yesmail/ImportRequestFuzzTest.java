package dev.freight.compat.yesmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.freight.ingest.Format;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.RowReaders;
import dev.freight.testing.FuzzStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target of Yesmail's import request parser: any body is either read, its records spooled
 * as a JSON array the engine reads back whole, or refused with a {@link YesmailError} (400)
 * leaving nothing spooled.
 */
class ImportRequestFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void importRequest(byte[] body) throws IOException {
        long before = FuzzStore.payloads();
        try {
            ImportRequest r = ImportRequest.read(new ByteArrayInputStream(body), FuzzStore.imports());
            assertThat(r.mode).isNotNull();
            try (RowReader rows = RowReaders.open(Format.JSON, FuzzStore.store().payload(r.records.id()), null)) {
                long n = 0;
                while (rows.next() != null) n++;
                assertThat(n).isLessThanOrEqualTo(body.length);
            }
            r.discard(FuzzStore.imports());
        } catch (YesmailError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "Exception");
        }
        assertThat(FuzzStore.payloads()).as("nothing left spooled").isEqualTo(before);
    }
}
