package io.orderpipeline.ops.redrive;

import io.orderpipeline.ops.OpsVersion;
import io.orderpipeline.ops.deadletter.DeadLetter;
import io.orderpipeline.ops.deadletter.DeadLetterReader;
import io.orderpipeline.ops.kafka.KafkaClients;
import io.orderpipeline.ops.redrive.RedriveLedger.Position;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends dead letters back to the topic they were consumed from, once: each is recorded in
 * {@code ops.redriven_dead_letters} in a transaction that commits only after the broker has acknowledged the
 * record. Run twice, or again after an interruption, it sends only what was not sent. A crash between the
 * acknowledgement and the commit sends that batch once more on the next run, which the pipeline absorbs as a
 * duplicate.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true, versionProvider = OpsVersion.class,
        description = "Re-publishes matching dead letters to the topic they came from, once.")
public class RedriveCommand implements Callable<Integer> {

    /** The header that says where a re-driven record came from, for whoever reads the source topic. */
    static final String REDRIVEN_FROM = "redriven-from";

    @Option(names = "--from", required = true, paramLabel = "TOPIC",
            description = "The dead-letter topic: stg-service-dlq, dds-service-dlq or cdm-service-dlq.")
    String from;

    @Option(names = "--cause", paramLabel = "CAUSE",
            description = "Only dead letters of this cause: ${COMPLETION-CANDIDATES} (any case).")
    DeadLetterCause cause;

    @Option(names = "--since", paramLabel = "WHEN", converter = Since.class,
            description = "Only dead letters written since then: an instant (2026-11-30T04:00:00Z) or a duration ago (PT6H).")
    Instant since;

    @Option(names = "--dry-run", description = "List what would be re-driven; send and record nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final DeadLetterReader reader;
    private final RedriveLedger ledger;
    private final KafkaClients kafka;

    private int matched;
    private int redriven;
    private int before;
    private int notRedrivable;

    RedriveCommand(DeadLetterReader reader, RedriveLedger ledger, KafkaClients kafka) {
        this.reader = reader;
        this.ledger = ledger;
        this.kafka = kafka;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            reader.read(from, batch -> list(out, redrivable(out, matching(batch))));
        } else {
            try (Producer<String, byte[]> producer = kafka.writer("redrive")) {
                reader.read(from, batch -> redrive(out, producer, redrivable(out, matching(batch))));
            }
        }
        out.printf("%s%s: %d matched, %d %s, %d re-driven before, %d cannot be re-driven%n", dryRun ? "dry run, " : "",
                from, matched, redriven, dryRun ? "to re-drive" : "re-driven", before, notRedrivable);
        return 0;
    }

    private List<DeadLetter> matching(List<DeadLetter> batch) {
        List<DeadLetter> matching = batch.stream()
                .filter(deadLetter -> cause == null || cause.name().equals(deadLetter.cause()))
                .filter(deadLetter -> since == null || !deadLetter.timestamp().isBefore(since))
                .toList();
        matched += matching.size();
        return matching;
    }

    private List<DeadLetter> redrivable(PrintWriter out, List<DeadLetter> matching) {
        List<DeadLetter> redrivable = new ArrayList<>(matching.size());
        for (DeadLetter deadLetter : matching) {
            String whyNot = deadLetter.whyNotRedrivable();
            if (whyNot == null) {
                redrivable.add(deadLetter);
            } else {
                notRedrivable++;
                out.printf("cannot re-drive %s: %s%n", deadLetter.coordinates(), whyNot);
            }
        }
        return redrivable;
    }

    private void list(PrintWriter out, List<DeadLetter> redrivable) {
        Set<Position> done = ledger.redriven(from, redrivable);
        for (DeadLetter deadLetter : redrivable) {
            if (done.contains(Position.of(deadLetter))) {
                before++;
                report(out, "re-driven before", deadLetter);
            } else {
                redriven++;
                report(out, "would re-drive", deadLetter);
            }
        }
    }

    private void redrive(PrintWriter out, Producer<String, byte[]> producer, List<DeadLetter> redrivable) {
        Set<Position> claimed = ledger.claimAndSend(from, redrivable, positions -> {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (DeadLetter deadLetter : redrivable) {
                if (positions.contains(Position.of(deadLetter))) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(deadLetter.sourceTopic(),
                            deadLetter.key(), deadLetter.value());
                    record.headers().add(REDRIVEN_FROM, deadLetter.coordinates().getBytes(StandardCharsets.UTF_8));
                    sends.add(producer.send(record));
                }
            }
            sends.forEach(RedriveCommand::awaitAcknowledged);
            return sends.size();
        });
        for (DeadLetter deadLetter : redrivable) {
            if (claimed.contains(Position.of(deadLetter))) {
                redriven++;
                report(out, "re-driven", deadLetter);
            } else {
                before++;
                report(out, "re-driven before", deadLetter);
            }
        }
    }

    private static void report(PrintWriter out, String what, DeadLetter deadLetter) {
        out.printf("%-16s %s -> %s %s (%s)%n", what, deadLetter.coordinates(), deadLetter.sourceTopic(),
                deadLetter.identity(), deadLetter.cause());
    }

    private static void awaitAcknowledged(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not take a re-driven record", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving", e);
        }
    }
}
