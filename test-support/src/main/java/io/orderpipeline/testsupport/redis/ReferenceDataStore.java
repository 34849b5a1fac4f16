package io.orderpipeline.testsupport.redis;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis as the upstream system writes it: key = the raw id, value = the user's or restaurant's JSON. Over the Vert.x
 * Redis client, the library stg itself uses, with TLS and a password where the server demands them.
 */
public final class ReferenceDataStore implements AutoCloseable {

    private final Vertx vertx;
    private final Redis client;
    private final RedisAPI redis;

    private ReferenceDataStore(String connectionString, Path caCertificate, String password) {
        RedisOptions options = new RedisOptions().setConnectionString(connectionString);
        if (password != null && !password.isEmpty()) {
            options.setPassword(password);
        }
        if (caCertificate != null) {
            options.setNetClientOptions(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                    .setTrustOptions(new PemTrustOptions().addCertPath(caCertificate.toString())));
        }
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, options);
        redis = RedisAPI.api(client);
    }

    /** The devstack's Redis, plain or secured. */
    public static ReferenceDataStore of(Devstack stack) {
        return new ReferenceDataStore(stack.redis().hosts(), stack.tls() == null ? null : stack.tls().caCertificate(),
                stack.redis().secured() ? stack.redis().password() : null);
    }

    public static ReferenceDataStore at(String host, int port) {
        return new ReferenceDataStore("redis://" + host + ":" + port, null, null);
    }

    /** Every user and restaurant, in one MSET. */
    public void load(SampleReferenceData references) {
        List<String> keysAndValues = new ArrayList<>();
        for (ReferenceData.User user : references.users()) {
            keysAndValues.add(user.id());
            keysAndValues.add(utf8(MessageCodec.encode(user)));
        }
        for (ReferenceData.Restaurant restaurant : references.restaurants()) {
            keysAndValues.add(restaurant.id());
            keysAndValues.add(utf8(MessageCodec.encode(restaurant)));
        }
        redis.msetAndAwait(keysAndValues);
    }

    public void put(ReferenceData.User user) {
        put(user.id(), utf8(MessageCodec.encode(user)));
    }

    public void put(ReferenceData.Restaurant restaurant) {
        put(restaurant.id(), utf8(MessageCodec.encode(restaurant)));
    }

    public void put(String key, String value) {
        redis.setAndAwait(List.of(key, value));
    }

    public void delete(String key) {
        redis.delAndAwait(List.of(key));
    }

    /** The value, or null. */
    public String get(String key) {
        Response value = redis.getAndAwait(key);
        return value == null ? null : value.toString(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
        vertx.closeAndAwait();
    }
}
