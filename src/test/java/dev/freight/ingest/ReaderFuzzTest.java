package dev.freight.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;

/**
 * Fuzz targets of the readers: whatever the bytes, a reader returns rows or throws
 * {@link MalformedInputException} (never anything else, never unbounded memory), and the rows
 * it returns are well formed. {@code bin/test} replays the inputs under
 * {@code src/test/resources/dev/freight/ingest/ReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one target (README, Development). Small limits let the fuzzer reach them.
 */
class ReaderFuzzTest {
    private static final ReadOptions LIMITS = new ReadOptions(null, 200).withLimits(16, 1024, 8);

    @FuzzTest(maxDuration = "10m")
    void csvRows(byte[] input) {
        readAll(Format.CSV, input);
    }

    @FuzzTest(maxDuration = "10m")
    void jsonRows(byte[] input) {
        readAll(Format.JSON, input);
    }

    @FuzzTest(maxDuration = "10m")
    void ndjsonRows(byte[] input) {
        readAll(Format.NDJSON, input);
    }

    private static void readAll(Format format, byte[] input) {
        try (RowReader r = RowReaders.open(format, new ByteArrayInputStream(input), LIMITS)) {
            long index = 0;
            long line = 0;
            SourceRow row;
            while ((row = r.next()) != null) {
                assertThat(row.index()).isEqualTo(index++);
                // every row starts on a later line (several objects of a JSON array may share one)
                if (format == Format.JSON) assertThat(row.line()).isGreaterThanOrEqualTo(line);
                else assertThat(row.line()).isGreaterThan(line);
                line = row.line();
                assertThat(row.values().length).isLessThanOrEqualTo(LIMITS.maxFields());
                if (row.error() == null) assertThat(row.values()).hasSize(row.names().size());
                for (Object v : row.values()) {
                    if (v instanceof String s) assertThat(s.length()).isLessThanOrEqualTo(LIMITS.maxFieldSize());
                    if (v instanceof JsonText j) assertThat(j.json().length()).isLessThanOrEqualTo(LIMITS.maxFieldSize());
                }
                assertThat(index).isLessThanOrEqualTo(input.length + 1L);
            }
        } catch (MalformedInputException e) {
            assertThat(e.line()).isPositive();
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "StreamReadConstraints", "Exception:");
        } catch (UncheckedIOException e) {
            throw new AssertionError("reading bytes from memory cannot fail", e);
        }
    }
}
