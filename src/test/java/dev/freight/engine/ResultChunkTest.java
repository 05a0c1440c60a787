package dev.freight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.job.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** A chunk's results blob: what it holds once inflated is the layout blobs have always had. */
class ResultChunkTest {
    private static final String[] TEXTS = {null, "", "{\"id\":\"17\"}", "Małgorzata Dąbrowski", "日本 😀", "a\uD83D", "\uDE00b",
        "line\nbreak\ttab\\", "\u0000\u007f\u0080\u07ff\u0800\uffff", "not found"};

    @Test
    void theBlobHoldsExactlyWhatTheStreamEncodingWrote() throws IOException {
        Random random = new Random(11);
        for (boolean withLines : new boolean[] {false, true}) {
            int n = 2_000;
            Outcome[] outcomes = new Outcome[n];
            String[] keys = new String[n];
            String[] messages = new String[n];
            long[] lines = withLines ? new long[n] : null;
            long line = 1;
            for (int i = 0; i < n; i++) {
                outcomes[i] = Outcome.values()[random.nextInt(Outcome.values().length)];
                keys[i] = TEXTS[random.nextInt(TEXTS.length)];
                messages[i] = random.nextInt(3) == 0 ? TEXTS[random.nextInt(TEXTS.length)] + i : null;
                if (withLines) lines[i] = line += random.nextInt(4) - 1;
            }
            ResultChunk chunk = new ResultChunk(0, null, outcomes, keys, messages, lines);
            byte[] blob = chunk.encode();
            assertThat(inflate(blob)).isEqualTo(reference(chunk));
            ResultChunk back = ResultChunk.decode(5, Instant.EPOCH, blob);
            assertThat(back.outcomes()).isEqualTo(outcomes);
            assertThat(back.messages()).isEqualTo(decoded(messages));
            assertThat(back.keys()).isEqualTo(decoded(keys));
            assertThat(back.lines()).isEqualTo(lines);
        }
    }

    @Test
    void anEmptyChunkAndALongStringRoundTrip() {
        ResultChunk empty = new ResultChunk(0, null, new Outcome[0], new String[0], new String[0]);
        assertThat(ResultChunk.decode(0, null, empty.encode()).size()).isZero();
        String long1 = "é😀x".repeat(100_000) + "x".repeat(4_095) + "😀\uD83D"; // pairs across the 4,096-char pieces
        ResultChunk one = new ResultChunk(0, null, new Outcome[] {Outcome.FAILED}, new String[] {long1}, new String[] {null});
        assertThat(ResultChunk.decode(0, null, one.encode()).keys()).containsExactly(decoded(new String[] {long1}));
    }

    /** Strings as UTF-8 gives them back: an unpaired surrogate turns into '?'. */
    private static String[] decoded(String[] s) {
        String[] out = new String[s.length];
        for (int i = 0; i < s.length; i++) out[i] = s[i] == null ? null : new String(s[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return out;
    }

    private static byte[] inflate(byte[] blob) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    /** The layout as DataOutputStream wrote it. */
    private static byte[] reference(ResultChunk c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(c.size());
        for (int i = 0; i < c.size(); i++) {
            out.writeByte(c.outcomes()[i].ordinal());
            for (String s : new String[] {c.keys()[i], c.messages()[i]}) {
                if (s == null) {
                    out.writeInt(-1);
                } else {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
        }
        if (c.lines() != null) {
            out.writeByte(1);
            long previous = 0;
            for (long line : c.lines()) {
                long z = ((line - previous) << 1) ^ ((line - previous) >> 63);
                while ((z & ~0x7FL) != 0) {
                    out.writeByte((int) ((z & 0x7F) | 0x80));
                    z >>>= 7;
                }
                out.writeByte((int) z);
                previous = line;
            }
        }
        return bytes.toByteArray();
    }
}
