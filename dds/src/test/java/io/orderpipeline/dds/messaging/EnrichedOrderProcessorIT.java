package io.orderpipeline.dds.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EnrichedOrderProcessorTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class EnrichedOrderProcessorIT extends EnrichedOrderProcessorTest {
}
