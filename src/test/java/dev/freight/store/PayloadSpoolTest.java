package dev.freight.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.testing.StoreSuite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bodies are stored LZ4-compressed where that shrinks them and read back byte for byte; pieces
 * that do not shrink, and pieces stored as received by an earlier version, read back as they are.
 */
class PayloadSpoolTest extends StoreSuite {
    @Test
    void aCsvBodyIsStoredCompressedAndReadBackExactly() throws Exception {
        StringBuilder csv = new StringBuilder("id,email,name\n");
        for (int i = 0; i < 40_000; i++) csv.append(i).append(",user").append(i).append("@example.com,Zoë ").append(i % 97).append('\n');
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        String id = unique("job");
        store(id, body);

        assertThat(read(id)).isEqualTo(body);
        long[] sizes = storedSizes(id);
        assertThat(sizes[0]).as("bytes stored").isLessThan(body.length / 2);
        assertThat(sizes[1]).as("pieces stored raw").isZero();
    }

    @Test
    void aBodyThatDoesNotShrinkIsStoredAsReceived() throws Exception {
        byte[] body = new byte[700_000];
        new Random(7).nextBytes(body);
        String id = unique("job");
        store(id, body);

        assertThat(read(id)).isEqualTo(body);
        long[] sizes = storedSizes(id);
        assertThat(sizes[0]).isEqualTo(body.length);
        assertThat(sizes[1]).as("pieces stored raw").isEqualTo(3);
    }

    @Test
    void piecesThatShrinkAndPiecesThatDoNotShareABatch() throws Exception {
        byte[] body = new byte[5 * PayloadSpool.PAYLOAD_PIECE];
        new Random(11).nextBytes(body);
        for (int piece = 1; piece < 5; piece += 2) { // pieces 1 and 3 compress, 0, 2 and 4 do not
            java.util.Arrays.fill(body, piece * PayloadSpool.PAYLOAD_PIECE, (piece + 1) * PayloadSpool.PAYLOAD_PIECE, (byte) 'x');
        }
        String id = unique("job");
        store(id, body);

        assertThat(read(id)).isEqualTo(body);
        assertThat(storedSizes(id)[1]).as("pieces stored raw").isEqualTo(3);
    }

    @Test
    void piecesStoredUncompressedByAnEarlierVersionReadBackAsTheyAre() throws Exception {
        String id = unique("job");
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + payloads() + " (job_id, seq, data) VALUES (?, ?, ?)")) {
            for (int seq = 0; seq < 2; seq++) {
                ps.setString(1, id);
                ps.setInt(2, seq);
                ps.setBytes(3, ("id\n" + seq + "\n").getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
        }
        assertThat(new String(read(id), StandardCharsets.UTF_8)).isEqualTo("id\n0\nid\n1\n");
    }

    private void store(String id, byte[] body) throws IOException {
        try (OutputStream out = node.node().store().payloadSink(id)) {
            for (int off = 0; off < body.length; off += 10_000) out.write(body, off, Math.min(10_000, body.length - off));
        }
    }

    private byte[] read(String id) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = node.node().store().payload(id)) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    /** Bytes stored for a body, and how many of its pieces are stored as received. */
    private long[] storedSizes(String id) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT sum(length(data)), sum(CASE WHEN raw_length IS NULL THEN 1 ELSE 0 END) FROM " + payloads() + " WHERE job_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private String payloads() {
        return node.kind() == StoreKind.POSTGRESQL ? "freight.payloads" : "freight_payloads";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(node.jdbcUrl());
    }
}
