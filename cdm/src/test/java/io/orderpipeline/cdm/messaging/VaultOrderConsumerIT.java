package io.orderpipeline.cdm.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link VaultOrderConsumerTest} on the packaged service: the runnable jar, or the native executable. */
@QuarkusIntegrationTest
class VaultOrderConsumerIT extends VaultOrderConsumerTest {
}
