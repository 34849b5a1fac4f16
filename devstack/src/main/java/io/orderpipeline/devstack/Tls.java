package io.orderpipeline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of its own and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost} (both in the subject alternative names, so clients can verify the host name), written in
 * the forms the servers and clients here read. Made with the JDK's {@code keytool}, so a JDK is all it takes.
 *
 * <ul>
 *   <li>{@link #caCertificate()}: the CA, PEM, for clients to trust (Kafka {@code ssl.truststore.type=PEM},
 *       PostgreSQL {@code sslrootcert}, Vert.x PEM trust options);</li>
 *   <li>{@link #trustStore()}: the CA in a PKCS12 trust store, for clients that want one;</li>
 *   <li>{@link #keyStore()}: the server's key and certificate chain, PKCS12 (the Kafka broker);</li>
 *   <li>{@link #serverCertificate()} and {@link #serverKey()}: the same as PEM files (PostgreSQL, Redis); the
 *       key is readable by its owner only, as PostgreSQL insists.</li>
 * </ul>
 * The CA's own private key is thrown away once the server certificate is signed.
 */
public final class Tls {

    private static final String CA = "ca";
    private static final String SERVER = "server";
    private static final String VALIDITY_DAYS = "30";

    private final Path directory;
    private final String storePassword;

    private Tls(Path directory, String storePassword) {
        this.directory = directory;
        this.storePassword = storePassword;
    }

    /** Makes a new CA and server certificate in the directory, replacing any there. */
    public static Tls create(Path directory) {
        Tls tls = new Tls(Directories.create(directory), Secrets.random());
        Path work = directory.resolve("ca-and-server.p12");
        try {
            Files.deleteIfExists(work);
            tls.keytool("-genkeypair", "-keystore", work.toString(), "-storetype", "PKCS12",
                    "-alias", CA, "-dname", "CN=devstack test CA",
                    "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign");
            tls.keytool("-genkeypair", "-keystore", work.toString(), "-alias", SERVER, "-dname", "CN=localhost",
                    "-signer", CA, "-ext", "san=ip:" + Ports.LOOPBACK + ",dns:localhost", "-ext", "eku=serverAuth",
                    "-ext", "ku=digitalSignature,keyEncipherment");
            tls.export(work);
            Files.delete(work);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make TLS certificates in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not make TLS certificates in " + directory, e);
        }
        return tls;
    }

    /** The CA certificate, PEM: what a client trusts. */
    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /** The CA certificate in a PKCS12 trust store; its password is {@link #storePassword()}. */
    public Path trustStore() {
        return directory.resolve("truststore.p12");
    }

    /** The server's private key and certificate chain, PKCS12; its password is {@link #storePassword()}. */
    public Path keyStore() {
        return directory.resolve("server.p12");
    }

    /** The server certificate followed by the CA's, PEM. */
    public Path serverCertificate() {
        return directory.resolve("server.pem");
    }

    /** The server's private key, unencrypted PKCS#8 PEM, readable by its owner only. */
    public Path serverKey() {
        return directory.resolve("server.key");
    }

    public String storePassword() {
        return storePassword;
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS,
                "-storepass", storePassword, "-noprompt"));
        Path output = directory.resolve("keytool.log");
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                keytool.destroyForcibly();
                throw new IOException("keytool " + arguments[0] + " failed: " + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            keytool.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running keytool", e);
        }
    }

    private void export(Path work) throws IOException, GeneralSecurityException {
        char[] password = storePassword.toCharArray();
        KeyStore generated = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(work)) {
            generated.load(in, password);
        }
        Certificate ca = generated.getCertificate(CA);
        Key key = generated.getKey(SERVER, password);
        Certificate[] chain = generated.getCertificateChain(SERVER); // the server's, then the CA's

        Files.writeString(caCertificate(), pem("CERTIFICATE", ca.getEncoded()));
        StringBuilder chainPem = new StringBuilder();
        for (Certificate certificate : chain) {
            chainPem.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Files.writeString(serverCertificate(), chainPem);
        Files.deleteIfExists(serverKey());
        Files.createFile(serverKey(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(serverKey(), pem("PRIVATE KEY", key.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(CA, ca);
        store(trust, trustStore(), password);
        KeyStore server = KeyStore.getInstance("PKCS12");
        server.load(null, null);
        server.setKeyEntry(SERVER, key, password, chain);
        store(server, keyStore(), password);
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
