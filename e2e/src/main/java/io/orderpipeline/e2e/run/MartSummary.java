package io.orderpipeline.e2e.run;

import io.orderpipeline.testsupport.warehouse.Warehouse;

import java.io.PrintStream;

/** What the local run shows of the warehouse at the end: row counts, and the top of both marts. */
final class MartSummary {

    private static final String TOP_PRODUCTS = """
            SELECT product_name AS name, sum(order_cnt) AS orders, count(*) AS users
              FROM cdm.user_product_counters GROUP BY product_name ORDER BY orders DESC, product_name LIMIT 5""";
    private static final String TOP_CATEGORIES = """
            SELECT category_name AS name, sum(order_cnt) AS orders, count(*) AS users
              FROM cdm.user_category_counters GROUP BY category_name ORDER BY orders DESC, category_name LIMIT 5""";

    private MartSummary() {
    }

    static void print(Warehouse warehouse, PrintStream out) {
        out.printf("%nWarehouse: %d rows in stg.order_events, %d in cdm.user_product_counters, %d in cdm.user_category_counters%n",
                warehouse.number("SELECT count(*) FROM stg.order_events"),
                warehouse.number("SELECT count(*) FROM cdm.user_product_counters"),
                warehouse.number("SELECT count(*) FROM cdm.user_category_counters"));
        out.println("\nTop products (cdm.user_product_counters):");
        top(warehouse, TOP_PRODUCTS, out);
        out.println("Top categories (cdm.user_category_counters):");
        top(warehouse, TOP_CATEGORIES, out);
    }

    private static void top(Warehouse warehouse, String sql, PrintStream out) {
        warehouse.rows(sql).forEach(row -> out.printf("  %-28s %7d orders  %5d users%n", row.get("name"),
                ((Number) row.get("orders")).longValue(), ((Number) row.get("users")).longValue()));
    }
}
