package io.orderpipeline.devstack;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Passwords for a secured stack: random, and plain hex so that no configuration format needs to quote them. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
