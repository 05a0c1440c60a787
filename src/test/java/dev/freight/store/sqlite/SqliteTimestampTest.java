package dev.freight.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.Values;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** White-box: the hand-written reader of stored SQLite timestamps agrees with java.time. */
class SqliteTimestampTest {

    @Test
    void readsWhatFreightWritesAndWhatOtherToolsWrite() {
        for (String s : new String[] {"2026-01-05 09:30:00", "2026-01-05T09:30:00", "2026-12-31 23:59:59.5",
                "2026-12-31 23:59:59.123456789", "0001-01-01 00:00:00.000001"}) {
            assertThat(SqliteDialect.localDateTime(s)).as(s)
                    .isEqualTo(LocalDateTime.parse(s.replace(' ', 'T')));
        }
        assertThat(SqliteDialect.localDateTime("2026-01-05 09:30")).isEqualTo(LocalDateTime.of(2026, 1, 5, 9, 30));
        LocalDateTime t = LocalDateTime.of(2026, 3, 4, 5, 6, 7, 890_000_000);
        assertThat(SqliteDialect.localDateTime(Values.text(t))).isEqualTo(t);
    }
}
