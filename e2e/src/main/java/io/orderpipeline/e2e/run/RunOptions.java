package io.orderpipeline.e2e.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The local run's command line. Every flag has a default; a wrong one stops with a message naming it. */
public record RunOptions(int orders, int rate, boolean sampleData, boolean keepRunning, boolean infraOnly,
        boolean prometheus, int kafkaPort, int postgresPort, int redisPort, int instances, int partitions, long seed) {

    public static final String USAGE = """
            Usage: ./mvnw -B -Prun package [-Drun.args="OPTIONS"]
              --orders N         sample orders to publish (default 5000)
              --rate R           publish R orders/s continuously instead of all at once (default: all at once)
              --no-sample-data   publish nothing; bring your own producer
              --keep-running     leave everything up until Ctrl-C
              --infra-only       start only Kafka, PostgreSQL and Redis (for ./mvnw -pl stg quarkus:dev)
              --prometheus       also start Prometheus (if installed) scraping every service and evaluating
                                 deploy/monitoring/alerts.yml; draws the dashboard to e2e/target/dashboard.svg
              --kafka-port P     (default 9092)   --postgres-port P (default 5432)   --redis-port P (default 6379)
              --instances N      instances of each service, in one consumer group (default 1)
              --partitions N     partitions of the pipeline's topics (default 3)
              --seed S           seed of the sample data (default 42)
            """;

    public static RunOptions parse(String... arguments) {
        List<String> args = new ArrayList<>();
        Arrays.stream(arguments).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).filter(a -> !a.isEmpty())
                .forEach(args::add);
        int orders = 5000, rate = 0, kafkaPort = 9092, postgresPort = 5432, redisPort = 6379, instances = 1,
                partitions = 3;
        long seed = 42;
        boolean sampleData = true, keepRunning = false, infraOnly = false, prometheus = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--orders" -> orders = positive(flag, value(args, ++i, flag));
                case "--rate" -> rate = positive(flag, value(args, ++i, flag));
                case "--no-sample-data" -> sampleData = false;
                case "--keep-running" -> keepRunning = true;
                case "--infra-only" -> infraOnly = true;
                case "--prometheus" -> prometheus = true;
                case "--kafka-port" -> kafkaPort = port(flag, value(args, ++i, flag));
                case "--postgres-port" -> postgresPort = port(flag, value(args, ++i, flag));
                case "--redis-port" -> redisPort = port(flag, value(args, ++i, flag));
                case "--instances" -> instances = positive(flag, value(args, ++i, flag));
                case "--partitions" -> partitions = positive(flag, value(args, ++i, flag));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new RunOptions(orders, rate, sampleData, keepRunning, infraOnly, prometheus, kafkaPort, postgresPort, redisPort,
                instances, partitions, seed);
    }

    private static String value(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args.get(index);
    }

    private static int positive(String flag, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a positive whole number, not '" + text + "'");
    }

    private static int port(String flag, String text) {
        int port = positive(flag, text);
        if (port > 65535) {
            throw new IllegalArgumentException(flag + " takes a port from 1 to 65535, not " + port);
        }
        return port;
    }
}
