package io.orderpipeline.runtime.delivery;

import io.smallrye.mutiny.Uni;

import java.util.List;

/** Where a batch's dead letters go; completes once all of them are safe. */
interface DeadLetterSink {

    Uni<Void> send(List<DeadLetter> deadLetters);
}
