package io.orderpipeline.shared.vault;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected values computed independently: {@code uuid.UUID(bytes=hashlib.md5(text.encode()).digest())}. */
class DataVaultKeysTest {

    @Test
    void aHubKeyIsTheMd5OfTheTrimmedUpperCasedBusinessKey() {
        assertThat(DataVaultKeys.hubKey("626a81ce9a8cd1920641e29c"))
                .isEqualTo(UUID.fromString("9b5a0410-adc5-2088-b167-c32516d0d2e5"));
        assertThat(DataVaultKeys.hubKey("  626A81CE9A8CD1920641E29c \t"))
                .isEqualTo(UUID.fromString("9b5a0410-adc5-2088-b167-c32516d0d2e5"));
        assertThat(DataVaultKeys.hubKey("1371198")).isEqualTo(UUID.fromString("7b345b0f-82ae-835a-f083-550bf7caaa95"));
    }

    @Test
    void cyrillicIsUpperCasedAndHashedAsUtf8() {
        assertThat(DataVaultKeys.hubKey("Закуски")).isEqualTo(UUID.fromString("542b35ab-ea8f-f754-a656-e2de9ef61abb"));
        assertThat(DataVaultKeys.hubKey("Кофейня №1")).isEqualTo(UUID.fromString("0ccb191d-725c-23bf-2121-0fdfb830f957"));
    }

    @Test
    void aLinkKeyJoinsTheStandardisedPartsWithDoublePipesInOrder() {
        UUID orderProduct = DataVaultKeys.linkKey("1371198", "aeca4d08abab78869c20128c");

        assertThat(orderProduct).isEqualTo(UUID.fromString("43ca23c0-1ca9-142b-4d73-c8f602611715"));
        assertThat(DataVaultKeys.linkKey("aeca4d08abab78869c20128c", "1371198")).isNotEqualTo(orderProduct);
        assertThatThrownBy(() -> DataVaultKeys.linkKey("one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHashdiffKeepsCaseAndIgnoresTrailingZeros() {
        assertThat(DataVaultKeys.hashdiff("Котова Ольга Вениаминовна", "kotova_1"))
                .isEqualTo(UUID.fromString("16679500-630a-c4a0-c920-5b622a5c7776"));
        assertThat(DataVaultKeys.hashdiff(new BigDecimal("300.000"), new BigDecimal("300")))
                .isEqualTo(UUID.fromString("73bf3c82-9fd6-1444-92ca-0e502d0e2d1e"));
        assertThat(DataVaultKeys.hashdiff("kotova_1")).isNotEqualTo(DataVaultKeys.hashdiff("KOTOVA_1"));
    }

    @Test
    void keysStayRightWhenRememberedAndAfterTheThreadStartsAfresh() {
        UUID first = UUID.fromString("9b5a0410-adc5-2088-b167-c32516d0d2e5");
        assertThat(DataVaultKeys.hubKey("626a81ce9a8cd1920641e29c")).isEqualTo(first);
        for (int i = 0; i <= DataVaultKeys.REMEMBERED_KEYS; i++) {
            DataVaultKeys.hubKey("order " + i);
        }
        assertThat(DataVaultKeys.hubKey("626A81CE9A8CD1920641E29C")).isEqualTo(first);
        assertThat(DataVaultKeys.linkKey("1371198", "aeca4d08abab78869c20128c"))
                .isEqualTo(UUID.fromString("43ca23c0-1ca9-142b-4d73-c8f602611715"));
        assertThat(DataVaultKeys.hubKey("1371198")).isEqualTo(UUID.fromString("7b345b0f-82ae-835a-f083-550bf7caaa95"));
    }

    @Test
    void aNullBusinessKeyIsRejected() {
        assertThatThrownBy(() -> DataVaultKeys.hubKey(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
