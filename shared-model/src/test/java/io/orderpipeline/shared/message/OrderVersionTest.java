package io.orderpipeline.shared.message;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class OrderVersionTest {

    private static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);

    @Test
    void updateTsDecidesFirst() {
        OrderVersion older = new OrderVersion(T, T.plusDays(5));
        OrderVersion newer = new OrderVersion(T.plusSeconds(1), T);

        assertThat(newer.isNewerThan(older)).isTrue();
        assertThat(older.isOlderThan(newer)).isTrue();
    }

    @Test
    void sentDttmBreaksATie() {
        OrderVersion first = new OrderVersion(T, T);
        OrderVersion resent = new OrderVersion(T, T.plusSeconds(1));

        assertThat(resent.isNewerThan(first)).isTrue();
        assertThat(first.compareTo(new OrderVersion(T, T))).isZero();
        assertThat(first.isNewerThan(new OrderVersion(T, T))).isFalse();
        assertThat(first.isOlderThan(new OrderVersion(T, T))).isFalse();
    }
}
