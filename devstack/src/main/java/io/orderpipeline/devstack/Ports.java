package io.orderpipeline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: picking a free one, and failing fast when a requested one is taken. */
public final class Ports {

    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** The given port, or a free one when it is 0. */
    static int resolve(int port) {
        return port == 0 ? pickFree() : port;
    }

    /**
     * Asks the OS for a free port. Another process could take it before we bind it, but on a
     * loopback test machine that race is rare enough to accept.
     */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + LOOPBACK, e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message that tells the user which option picks another port. 0 means any port. */
    static void requireFree(int port, String component, String option) {
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException(component + " port " + port
                    + " is already in use; choose another with " + option);
        }
    }
}
