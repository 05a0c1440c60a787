package dev.freight.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.Values;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The COPY text encoding, byte for byte; that PostgreSQL reads it back is what the store suites show. */
class CopyTextTest {

    @Test
    void everyKindOfValueInTheServersInputSyntax() {
        CopyText t = new CopyText();
        t.value(17L).value(-9_223_372_036_854_775_807L).value(Long.MIN_VALUE).value(0L).value(true).value(false)
                .value(new BigDecimal("1E+3")).value(new BigDecimal("-0.50")).value(null).value(Values.ABSENT).endRow();
        t.value(LocalDateTime.of(2024, 2, 29, 7, 5, 9)).value(LocalDateTime.of(2024, 2, 29, 7, 5, 9, 120_000_000))
                .value(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)).value(LocalDateTime.of(12024, 1, 1, 0, 0))
                .value(LocalDate.of(2024, 12, 31)).endRow();
        assertThat(t.toString()).isEqualTo(
                "17\t-9223372036854775807\t-9223372036854775808\t0\tt\tf\t1000\t-0.50\t\\N\t\\N\n"
                        + "2024-02-29 07:05:09\t2024-02-29 07:05:09.12\t2024-01-01 00:00:00.000000001\t"
                        + Values.text(LocalDateTime.of(12024, 1, 1, 0, 0)) + "\t2024-12-31\n");
    }

    @Test
    void textIsEscapedBytewiseAndKeepsMultibyteCharacters() {
        CopyText t = new CopyText();
        t.value("plain").value("tab\there").value("line\nbreak\r\n").value("back\\slash").value("€ügen 日本\t").endRow();
        assertThat(t.toString()).isEqualTo("plain\ttab\\there\tline\\nbreak\\r\\n\tback\\\\slash\t€ügen 日本\\t\n");
    }

    @Test
    void growsPastItsFirstBuffer() {
        CopyText t = new CopyText();
        String big = "x\\".repeat(50_000);
        t.value(big).endRow();
        assertThat(t.toString()).isEqualTo(big.replace("\\", "\\\\") + "\n");
        assertThat(t.bytes()).hasSize(150_001);
    }

    @Test
    void aChunksRowsGoInBlocksUnderHalfAG1Region() {
        CopyText t = new CopyText();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            t.value((long) i).value("row number " + i + " é").endRow();
            expected.append(i).append("\trow number ").append(i).append(" é\n");
        }
        byte[] out = t.bytes();
        assertThat(out).hasSizeGreaterThan(3 * CopyRows.BLOCK); // the rows span several blocks, in order
        assertThat(out).isEqualTo(expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(t.largestBlock()).isEqualTo(CopyRows.BLOCK).isLessThan(512 << 10); // a G1 region is 1 MiB or more
    }

    @Test
    void textIsTheJdksUtf8WithEscapesForEveryKindOfCharacter() {
        // one byte, two, three, a surrogate pair, unpaired surrogates, controls, and the four escapes
        String[] samples = {"", "a", "\\", "\t\n\r", "é", "ß\\Müller", "Małgorzata Dąbrowski", "Kovač\tx",
            "日本\n語", "😀", "a😀b\\", "\uD83D", "x\uDE00y", "\uDE00\uD83D", "end\uD83D", "\u0000\u001f\u007f\u0080\u07ff\u0800\uffff"};
        java.util.Random random = new java.util.Random(7);
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(samples));
        char[] pool = {'a', 'Z', ' ', '\\', '\t', '\n', '\r', 'é', 'ł', '€', '日', '\uD83D', '\uDE00', '\u0085', '"'};
        for (int n = 0; n < 500; n++) {
            char[] cs = new char[random.nextInt(40)];
            for (int i = 0; i < cs.length; i++) cs[i] = pool[random.nextInt(pool.length)];
            all.add(new String(cs));
        }
        for (int n = 0; n < 20; n++) { // long ones: text is read in pieces of 4,096 chars, a pair may straddle two
            char[] cs = new char[4_090 + random.nextInt(5_000)];
            for (int i = 0; i < cs.length; i++) cs[i] = pool[random.nextInt(pool.length)];
            all.add(new String(cs));
        }
        all.add("x".repeat(4_095) + "😀" + "y");
        all.add("x".repeat(4_095) + "\uD83D");
        all.add("x".repeat(4_096) + "\uDE00" + "é".repeat(5_000));
        CopyText t = new CopyText();
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (String s : all) {
            t.value(s).endRow();
            expected.writeBytes(reference(s));
            expected.write('\n');
        }
        assertThat(t.bytes()).isEqualTo(expected.toByteArray());
    }

    @Test
    void textLongerThanThreeBytesPerCharCanAddressIsEncodedTheSame() {
        String big = "ü\t".repeat((1 << 23) + 1); // past the length where the buffer is not sized at 3 bytes per char
        CopyText t = new CopyText();
        t.value("a").value(big).endRow();
        byte[] head = "a\t".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = reference(big);
        byte[] out = t.bytes();
        assertThat(out).hasSize(head.length + body.length + 1);
        assertThat(java.util.Arrays.equals(out, head.length, out.length - 1, body, 0, body.length)).isTrue();
    }

    /** The encoding as it was first written: the JDK's UTF-8 bytes, escaped byte by byte. */
    private static byte[] reference(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                default -> out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Test
    void decimalsAreWrittenAsToPlainStringWritesThem() {
        java.util.Random random = new java.util.Random(3);
        java.util.List<BigDecimal> all = new java.util.ArrayList<>(java.util.List.of(BigDecimal.ZERO, new BigDecimal("0.00"),
                new BigDecimal("-0.05"), new BigDecimal("1E+3"), new BigDecimal("0E+2"), new BigDecimal("123456789012345678"),
                new BigDecimal("-123456789012345678"), new BigDecimal("1234567890123456789"), new BigDecimal("0.123456789012345678"),
                new BigDecimal("-0.000000000000000001"), new BigDecimal("0.0000000000000000001"), new BigDecimal("99999999999999999.9"),
                new BigDecimal("-7112915862.38")));
        for (int n = 0; n < 2_000; n++) {
            long unscaled = random.nextLong() / (long) Math.pow(10, random.nextInt(19));
            all.add(BigDecimal.valueOf(unscaled, random.nextInt(24) - 3));
        }
        CopyText t = new CopyText();
        StringBuilder expected = new StringBuilder();
        for (BigDecimal d : all) {
            t.value(d);
            expected.append(expected.isEmpty() ? "" : "\t").append(d.toPlainString());
        }
        t.endRow();
        assertThat(t.toString()).isEqualTo(expected.append('\n').toString());
    }
}
