package io.orderpipeline.cdm.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MartsAgainstTheOracleTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class MartsAgainstTheOracleIT extends MartsAgainstTheOracleTest {
}
