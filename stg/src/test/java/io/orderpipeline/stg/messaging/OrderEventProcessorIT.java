package io.orderpipeline.stg.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OrderEventProcessorTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class OrderEventProcessorIT extends OrderEventProcessorTest {
}
