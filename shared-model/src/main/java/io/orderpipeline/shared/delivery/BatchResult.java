package io.orderpipeline.shared.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * What a service made of one batch once its database transaction has committed: the records to publish
 * and the records to dead-letter. Counts are for metrics and logs.
 */
public record BatchResult(List<Output> outputs, List<DeadLetter> deadLetters, int skipped, int stored) {

    public BatchResult {
        outputs = List.copyOf(outputs);
        deadLetters = List.copyOf(deadLetters);
    }

    public static BatchResult of(List<DeadLetter> deadLetters) {
        return new BatchResult(List.of(), deadLetters, 0, 0);
    }

    BatchResult plus(BatchResult other) {
        List<Output> allOutputs = new ArrayList<>(outputs);
        allOutputs.addAll(other.outputs);
        List<DeadLetter> allDeadLetters = new ArrayList<>(deadLetters);
        allDeadLetters.addAll(other.deadLetters);
        return new BatchResult(allOutputs, allDeadLetters, skipped + other.skipped, stored + other.stored);
    }
}
