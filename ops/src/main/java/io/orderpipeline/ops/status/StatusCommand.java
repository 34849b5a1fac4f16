package io.orderpipeline.ops.status;

import io.orderpipeline.ops.OpsVersion;
import io.orderpipeline.ops.PipelineService;
import io.orderpipeline.ops.deadletter.DeadLetter;
import io.orderpipeline.ops.deadletter.DeadLetterReader;
import io.orderpipeline.ops.kafka.KafkaClients;
import io.orderpipeline.shared.message.Timestamps;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** Per service: its consumer group's lag per partition, its dead letters per cause, and what its layer holds. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = OpsVersion.class,
        description = "Shows each service's consumer lag per partition, dead letters per cause and newest version.")
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final KafkaClients kafka;
    private final DeadLetterReader deadLetters;
    private final NewestVersions newestVersions;

    StatusCommand(KafkaClients kafka, DeadLetterReader deadLetters, NewestVersions newestVersions) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.newestVersions = newestVersions;
    }

    @Override
    public Integer call() throws ExecutionException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = kafka.admin("status")) {
            for (PipelineService service : PipelineService.values()) {
                ConsumerLag lag;
                try {
                    lag = ConsumerLag.of(admin, service);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    out.printf("%s: topic %s does not exist yet%n", service.serviceName(), service.sourceTopic());
                    continue;
                }
                out.printf("%s: consumer group %s, %s, %d member(s), lag %d%n", service.serviceName(), lag.group(),
                        lag.state(), lag.members(), lag.total());
                for (ConsumerLag.Partition partition : lag.partitions()) {
                    out.printf("  %s  committed %s  end %d  lag %d%n", partition.partition(),
                            partition.committed() == null ? "-" : partition.committed(), partition.end(),
                            partition.lag());
                }
                out.printf("  dead letters in %s: %s%n", service.deadLetterTopic(), deadLettersByCause(service));
                NewestVersions.Layer layer = newestVersions.of(service);
                if (layer.orders() == null) {
                    out.printf("  %s: not there yet (%s has not migrated its schema)%n", layer.table(),
                            service.serviceName());
                } else {
                    out.printf("  %s: %d orders, newest version %s%n", layer.table(), layer.orders(),
                            layer.newest() == null ? "-" : Timestamps.format(layer.newest()));
                }
            }
        }
        return 0;
    }

    private String deadLettersByCause(PipelineService service) {
        Map<String, Integer> byCause = new TreeMap<>();
        try {
            deadLetters.read(service.deadLetterTopic(), batch -> {
                for (DeadLetter deadLetter : batch) {
                    byCause.merge(String.valueOf(deadLetter.cause()), 1, Integer::sum);
                }
            });
        } catch (IllegalArgumentException noTopicYet) {
            return "none (no topic yet)";
        }
        int total = byCause.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? "none" : total + " " + byCause;
    }
}
