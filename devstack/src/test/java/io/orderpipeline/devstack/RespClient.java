package io.orderpipeline.devstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of the Redis protocol (RESP) to send a command and read a simple or bulk string reply. */
final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket of the caller's, such as a TLS one. */
    RespClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    String call(String... command) throws IOException {
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(part).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    private String readReply() throws IOException {
        String line = readLine();
        switch (line.charAt(0)) {
            case '+':
                return line.substring(1);
            case '-':
                return line; // an error reply, such as "-NOAUTH Authentication required."
            case '$':
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                readLine();
                return value;
            default:
                throw new IOException("Unexpected reply: " + line);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Connection closed");
            }
            line.append((char) b);
        }
        in.read(); // '\n'
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
