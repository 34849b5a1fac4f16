package io.orderpipeline.runtime.delivery;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * When an order event reached the pipeline, carried from hop to hop in a header, so that each service can tell
 * how long the event has been on its way (the end-to-end latency metric).
 */
final class Origin {

    static final String HEADER = "order-pipeline-origin-time";

    private Origin() {
    }

    /** The origin time the headers carry, or the record's own timestamp when they carry none (the first hop). */
    static long of(Headers headers, long recordTimestamp) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null) {
            return recordTimestamp;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return recordTimestamp;
        }
    }

    static byte[] encode(long originTime) {
        return Long.toString(originTime).getBytes(StandardCharsets.US_ASCII);
    }
}
