-- What the operations tool has re-driven: one row per dead letter, written in the transaction that commits only
-- once the record is back on its topic. A second redrive of the same dead letter finds its row and sends nothing.
CREATE TABLE ops.redriven_dead_letters (
    dead_letter_topic     text        NOT NULL,
    dead_letter_partition integer     NOT NULL,
    dead_letter_offset    bigint      NOT NULL,
    cause                 text,
    record_key            text,
    target_topic          text        NOT NULL,
    redriven_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dead_letter_topic, dead_letter_partition, dead_letter_offset)
);

COMMENT ON TABLE ops.redriven_dead_letters IS 'Dead letters that ops redrive has published back to the topic they came from.';
COMMENT ON COLUMN ops.redriven_dead_letters.target_topic IS 'The topic the record was re-published to: its dead-letter-topic header.';
