package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.vertx.pgclient.PgException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTest {

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
            "08006, INFRASTRUCTURE", // connection failure
            "28P01, INFRASTRUCTURE", // wrong password
            "57P01, INFRASTRUCTURE", // the server is shutting down
            "53300, INFRASTRUCTURE", // too many connections
            "40P01, INFRASTRUCTURE", // deadlock: another attempt goes through
            "42501, INFRASTRUCTURE", // no privilege: the database refuses us as deployed
            "42P01, INFRASTRUCTURE", // no such table: a schema not as deployed
            "22001, DATA", // value too long
            "23505, DATA", // unique violation
            "54000, DATA", // program limit: a row too large to index
            "XX000, UNKNOWN"})
    void postgresqlErrorsByTheirClass(String sqlState, FailureKind kind) {
        assertThat(FailureKind.of(new PgException("message", "ERROR", sqlState, null))).isEqualTo(kind);
    }

    @Test
    void outagesOfEachServerAreInfrastructure() {
        assertThat(FailureKind.of(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new TimeoutException("Expiring records"))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new SaslAuthenticationException("invalid credentials")))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new io.vertx.core.VertxException("Connection is closed", true)))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new TransientFailure("raced"))).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    @Test
    void whatARecordCausesIsData() {
        assertThat(FailureKind.of(new InvalidMessageException("payload.cost", "must be a number")))
                .isEqualTo(FailureKind.DATA);
        assertThat(FailureKind.of(new RuntimeException(new PgException("x", "ERROR", "23514", null))))
                .isEqualTo(FailureKind.DATA);
    }

    @Test
    void aBugIsNeitherUntilItHasFailedOftenEnough() {
        assertThat(FailureKind.of(new IllegalStateException("boom"))).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new RecordTooLargeException("too large"))).isEqualTo(FailureKind.UNKNOWN);
    }
}
