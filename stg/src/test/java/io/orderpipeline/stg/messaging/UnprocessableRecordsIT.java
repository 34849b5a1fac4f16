package io.orderpipeline.stg.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UnprocessableRecordsTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class UnprocessableRecordsIT extends UnprocessableRecordsTest {
}
