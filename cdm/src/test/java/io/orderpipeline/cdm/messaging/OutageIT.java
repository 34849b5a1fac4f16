package io.orderpipeline.cdm.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OutageTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class OutageIT extends OutageTest {
}
