package io.orderpipeline.e2e;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.stack.OpsTool;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.orderpipeline.e2e.EndToEndSupport.assertWarehouseMatches;
import static io.orderpipeline.e2e.EndToEndSupport.marts;
import static org.assertj.core.api.Assertions.assertThat;

/** The operations tool (jar, or native executable under -Pnative) against the whole pipeline on the real stack. */
class OperationsIT {

    private static final Duration DRAIN = Duration.ofMinutes(3);
    private static final String STG_DEAD_LETTERS = PipelineStack.DEAD_LETTERS_OF.get("stg");

    Devstack devstack;
    SampleReferenceData references;
    OpsTool ops;

    @BeforeEach
    void startInfrastructure() {
        devstack = Devstack.start(DevstackOptions.defaults());
        references = SampleReferenceData.generate(7, 40);
        ops = OpsTool.of(EndToEndSupport.projectRoot(), ServiceRuntime.configured(), devstack);
    }

    @AfterEach
    void stopInfrastructure() {
        devstack.close();
    }

    @Test
    void deadLettersOfUnknownUsersAreRedrivenOnceTheUsersArriveAndASecondRedriveSendsNothing() {
        List<SampleOrders.Message> input = SampleOrders.generate(13, references, SampleOrders.Options.clean(300, 1));
        // Half the users are not in Redis yet: their orders are dead-lettered as UNKNOWN_REFERENCE.
        load(new SampleReferenceData(references.users().subList(0, 20), references.restaurants()));
        try (PipelineStack stack = stack()) {
            stack.produce(input);
            stack.awaitDrained(DRAIN);
            long deadLetters = stack.endOffset(STG_DEAD_LETTERS);
            assertThat(deadLetters).as("orders of unknown users").isPositive();
            long published = stack.endOffset(PipelineStack.INPUT);

            OpsTool.Run dryRun = ops.run("redrive", "--from", STG_DEAD_LETTERS, "--cause", "unknown_reference",
                    "--dry-run");
            assertSucceeded(dryRun);
            assertThat(dryRun.output()).contains("dry run, stg-service-dlq: " + deadLetters + " matched, "
                    + deadLetters + " to re-drive, 0 re-driven before, 0 cannot be re-driven");
            assertThat(dryRun.output().lines().filter(line -> line.startsWith("would re-drive"))).hasSize((int) deadLetters)
                    .allSatisfy(line -> assertThat(line).contains("-> order-service_orders order ").endsWith("(UNKNOWN_REFERENCE)"));
            assertThat(ops.run("redrive", "--from", STG_DEAD_LETTERS, "--cause", "invalid_message").output())
                    .contains(": 0 matched, 0 re-driven");
            assertThat(stack.endOffset(PipelineStack.INPUT)).as("nothing sent by the dry run or a cause that matches nothing")
                    .isEqualTo(published);

            load(references);
            OpsTool.Run redrive = ops.run("redrive", "--from", STG_DEAD_LETTERS, "--cause", "UNKNOWN_REFERENCE");
            assertSucceeded(redrive);
            assertThat(redrive.output()).contains("stg-service-dlq: " + deadLetters + " matched, " + deadLetters
                    + " re-driven, 0 re-driven before, 0 cannot be re-driven");
            stack.awaitDrained(DRAIN);
            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
            assertThat(stack.endOffset(STG_DEAD_LETTERS)).as("no new dead letter").isEqualTo(deadLetters);

            OpsTool.Run again = ops.run("redrive", "--from", STG_DEAD_LETTERS, "--since", "PT1H");
            assertSucceeded(again);
            assertThat(again.output()).contains("stg-service-dlq: " + deadLetters + " matched, 0 re-driven, "
                    + deadLetters + " re-driven before");
            assertThat(stack.endOffset(PipelineStack.INPUT)).isEqualTo(published + deadLetters);
            stack.awaitDrained(DRAIN);
            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
        }
    }

    @Test
    void rebuildRestoresCorruptedMartsExactlyWhileOrdersKeepFlowing() throws InterruptedException {
        List<SampleOrders.Message> input = SampleOrders.generate(17, references, SampleOrders.Options.realistic(900));
        load(references);
        Warehouse warehouse = marts(devstack);
        try (PipelineStack stack = stack()) {
            stack.produce(input.subList(0, 600));
            stack.awaitDrained(DRAIN);
            assertThat(ops.run("rebuild", "cdm").output()).contains("the marts were exact; nothing changed");

            warehouse.execute("DELETE FROM cdm.user_product_counters WHERE id IN "
                    + "(SELECT id FROM cdm.user_product_counters ORDER BY id LIMIT 5)");
            warehouse.execute("UPDATE cdm.user_category_counters SET order_cnt = order_cnt + 3 WHERE id IN "
                    + "(SELECT id FROM cdm.user_category_counters ORDER BY id LIMIT 4)");
            warehouse.execute("INSERT INTO cdm.user_product_counters (user_id, product_id, product_name, order_cnt) "
                    + "VALUES (gen_random_uuid(), gen_random_uuid(), 'never ordered', 7)");
            OpsTool.Run dryRun = ops.run("rebuild", "cdm", "--dry-run");
            assertSucceeded(dryRun);
            assertThat(dryRun.output())
                    .contains("dry run, cdm.user_product_counters: ", "; 1 deleted, 5 inserted, 0 corrected")
                    .contains("dry run, cdm.user_category_counters: ", "; 0 deleted, 0 inserted, 4 corrected")
                    .contains("dry run: nothing was changed");
            assertThat(warehouse.number("SELECT count(*) FROM cdm.user_product_counters WHERE product_name = 'never ordered'"))
                    .isEqualTo(1);

            Thread traffic = new Thread(() -> {
                for (int from = 600; from < input.size(); from += 50) {
                    stack.produce(input.subList(from, Math.min(input.size(), from + 50)));
                    pause(100);
                }
            });
            traffic.start();
            pause(300);
            OpsTool.Run rebuild = ops.run("rebuild", "cdm");
            traffic.join();
            assertSucceeded(rebuild);
            assertThat(rebuild.output()).contains("the marts are rebuilt");
            stack.awaitDrained(DRAIN);
            assertWarehouseMatches(warehouse, ExpectedMarts.of(input, references));
        }
    }

    @Test
    void statusPrintsTheLagKafkaReportsAndTheDeadLettersPerCause() {
        List<SampleOrders.Message> input = SampleOrders.generate(19, references, SampleOrders.Options.realistic(1_000));
        load(references);
        // Before any service ran: stg's topic exists, its group does not; the other topics do not either.
        devstack.kafka().createTopic(PipelineStack.INPUT, 1);
        OpsTool.Run fresh = ops.run("status");
        assertSucceeded(fresh);
        assertThat(fresh.output()).contains("stg-service: consumer group stg-service, no such group yet, 0 member(s), lag 0")
                .contains("dds-service: topic stg-service-orders does not exist yet")
                .contains("  dead letters in stg-service-dlq: none (no topic yet)")
                .contains("  stg.order_events: not there yet (stg-service has not migrated its schema)");
        try (PipelineStack stack = stack()) {
            ServiceProcess cdm = stack.instances("cdm").get(0);
            cdm.terminate();
            stack.produce(input);
            awaitUntil(() -> stack.lag().get("stg") == 0 && stack.lag().get("dds") == 0);
            long cdmLag = stack.lag().get("cdm");
            assertThat(cdmLag).isPositive();

            OpsTool.Run status = ops.run("status");
            assertSucceeded(status);
            assertThat(totalLag(status.output(), "cdm-service")).as(status.output()).isEqualTo(cdmLag);
            assertThat(totalLag(status.output(), "stg-service")).as(status.output()).isZero();
            assertThat(status.output()).contains("  dead letters in stg-service-dlq: "
                    + EndToEndSupport.poisonCount(input) + " {INVALID_MESSAGE=" + EndToEndSupport.poisonCount(input) + "}");
            assertThat(status.output()).contains("  dead letters in dds-service-dlq: none");
            assertThat(status.output()).containsPattern("  cdm\\.order_state: 0 orders, newest version -");
            assertThat(status.output()).containsPattern("  stg\\.order_events: \\d+ orders, newest version 20\\d\\d-");
        }
    }

    private PipelineStack stack() {
        return new PipelineStack(devstack, PipelineStack.Options.forTests(EndToEndSupport.projectRoot())).start();
    }

    private void load(SampleReferenceData data) {
        try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
            redis.load(data);
        }
    }

    private static long totalLag(String status, String service) {
        Matcher matcher = Pattern.compile("(?m)^" + service + ": consumer group .*, lag (\\d+)$").matcher(status);
        assertThat(matcher.find()).as(status).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static void assertSucceeded(OpsTool.Run run) {
        assertThat(run.exitCode()).as("exit code; output:%n%s%nlog:%n%s", run.output(), run.log()).isZero();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + DRAIN).isLessThan(deadline);
            pause(250);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
