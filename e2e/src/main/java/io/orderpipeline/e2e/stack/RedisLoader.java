package io.orderpipeline.e2e.stack;

import io.orderpipeline.e2e.sample.SampleReferenceData;
import io.orderpipeline.shared.message.MessageCodec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the reference data into Redis as the upstream system does: key = raw id, value = JSON. */
public final class RedisLoader {

    private RedisLoader() {
    }

    public static void load(String host, int port, SampleReferenceData references) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        references.users().forEach(user -> values.put(user.id(), MessageCodec.encode(user)));
        references.restaurants().forEach(restaurant -> values.put(restaurant.id(), MessageCodec.encode(restaurant)));
        try (Socket socket = new Socket(host, port)) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            writeArrayHeader(out, 1 + 2 * values.size());
            writeBulk(out, "MSET".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> entry : values.entrySet()) {
                writeBulk(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
                writeBulk(out, entry.getValue());
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(5), StandardCharsets.US_ASCII);
            if (!reply.startsWith("+OK")) {
                throw new IllegalStateException("Redis refused the reference data: " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load reference data into Redis at " + host + ":" + port, e);
        }
    }

    private static void writeArrayHeader(OutputStream out, int size) throws IOException {
        out.write(("*" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeBulk(OutputStream out, byte[] value) throws IOException {
        out.write(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(value);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
