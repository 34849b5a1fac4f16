package io.orderpipeline.e2e.stack;

import io.orderpipeline.e2e.sample.SampleReferenceData;
import io.orderpipeline.shared.message.MessageCodec;

import javax.net.ssl.SSLContext;
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
        try (Socket socket = new Socket(host, port)) {
            mset(socket, references);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load reference data into Redis at " + host + ":" + port, e);
        }
    }

    /** The same into a Redis that takes TLS connections with a password only (a secured devstack's). */
    public static void load(String host, int port, SSLContext tls, String password, SampleReferenceData references) {
        try (Socket socket = tls.getSocketFactory().createSocket(host, port)) {
            OutputStream out = socket.getOutputStream();
            writeArrayHeader(out, 2);
            writeBulk(out, "AUTH".getBytes(StandardCharsets.US_ASCII));
            writeBulk(out, password.getBytes(StandardCharsets.UTF_8));
            out.flush();
            expectOk(socket.getInputStream(), "the password");
            mset(socket, references);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load reference data into Redis at " + host + ":" + port, e);
        }
    }

    private static void mset(Socket socket, SampleReferenceData references) throws IOException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        references.users().forEach(user -> values.put(user.id(), MessageCodec.encode(user)));
        references.restaurants().forEach(restaurant -> values.put(restaurant.id(), MessageCodec.encode(restaurant)));
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        writeArrayHeader(out, 1 + 2 * values.size());
        writeBulk(out, "MSET".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            writeBulk(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
            writeBulk(out, entry.getValue());
        }
        out.flush();
        expectOk(socket.getInputStream(), "the reference data");
    }

    private static void expectOk(InputStream in, String what) throws IOException {
        String reply = new String(in.readNBytes(5), StandardCharsets.US_ASCII);
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("Redis refused " + what + ": " + reply);
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
