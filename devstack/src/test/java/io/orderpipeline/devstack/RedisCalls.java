package io.orderpipeline.devstack;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

import java.time.Duration;

/** Commands to a devstack Redis through the Vert.x Redis client, the library the services use. */
final class RedisCalls implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Redis client;

    private RedisCalls(RedisOptions options) {
        client = Redis.createClient(vertx, options.setMaxPoolWaiting(8));
    }

    static RedisCalls plain(int port) {
        return new RedisCalls(new RedisOptions().setConnectionString("redis://127.0.0.1:" + port));
    }

    /** Over TLS, trusting the stack's CA and checking the host name, with the password if given. */
    static RedisCalls overTls(int port, Tls tls, String password) {
        RedisOptions options = new RedisOptions().setConnectionString("rediss://127.0.0.1:" + port)
                .setNetClientOptions(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caCertificate().toString())));
        if (password != null) {
            options.setPassword(password);
        }
        return new RedisCalls(options);
    }

    /** The reply as text; a failure (a refused connection, an error reply) is thrown. */
    String call(String command, String... arguments) {
        Request request = Request.cmd(Command.create(command));
        for (String argument : arguments) {
            request.arg(argument);
        }
        Response response = client.send(request).await().atMost(Duration.ofSeconds(5));
        return response == null ? null : response.toString();
    }

    @Override
    public void close() {
        client.close();
        vertx.closeAndAwait();
    }
}
