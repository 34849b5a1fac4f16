package io.orderpipeline.devstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(Devstack.TEST_TAG)
class RedisTest {

    private static Redis redis;

    @BeforeAll
    static void startRedis() {
        redis = new Redis(0, null);
        redis.start();
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
    }

    @Test
    void storesAndReturnsAValue() {
        try (RedisCalls client = RedisCalls.plain(redis.port())) {
            assertThat(client.call("SET", "greeting", "hello world")).isEqualTo("OK");
            assertThat(client.call("GET", "greeting")).isEqualTo("hello world");
        }
    }

    @Test
    void keepsItsDataAcrossARestart() {
        try (RedisCalls client = RedisCalls.plain(redis.port())) {
            assertThat(client.call("SET", "kept", "Кофейня №1")).isEqualTo("OK");
        }

        redis.restart();

        try (RedisCalls client = RedisCalls.plain(redis.port())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(client.call("GET", "kept")).isEqualTo("Кофейня №1");
        }
        assertThat(redis.hosts()).isEqualTo("redis://127.0.0.1:" + redis.port());
    }

    @Test
    void stopEndsTheRedisServerProcess() {
        ProcessHandle process = redisServerProcess().orElseThrow();
        assertThat(process.isAlive()).isTrue();

        redis.stop();
        try {
            assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(Ports.isFree(redis.port())).isTrue();
        } finally {
            redis.start();
        }
    }

    /** Our redis-server child, told apart from others in this JVM by the address in its process title. */
    private static Optional<ProcessHandle> redisServerProcess() {
        String address = "127.0.0.1:" + redis.port();
        return ProcessHandle.current().children()
                .filter(child -> child.info().command().orElse("").contains("redis-server"))
                .filter(child -> processTitle(child).contains(address))
                .findFirst();
    }

    // redis-server rewrites its command line to "<binary> <address>"; ProcessHandle.Info does not show it.
    private static String processTitle(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }
}
