package io.orderpipeline.dds;

/** Schema dds as the tests count it. */
public final class VaultTables {

    /** Rows in every hub, link and satellite. */
    public static final String ALL_ROWS = """
            SELECT (SELECT count(*) FROM dds.h_user) + (SELECT count(*) FROM dds.h_product)
                 + (SELECT count(*) FROM dds.h_category) + (SELECT count(*) FROM dds.h_restaurant)
                 + (SELECT count(*) FROM dds.h_order) + (SELECT count(*) FROM dds.l_order_product)
                 + (SELECT count(*) FROM dds.l_product_restaurant) + (SELECT count(*) FROM dds.l_product_category)
                 + (SELECT count(*) FROM dds.l_order_user) + (SELECT count(*) FROM dds.s_user_names)
                 + (SELECT count(*) FROM dds.s_product_names) + (SELECT count(*) FROM dds.s_restaurant_names)
                 + (SELECT count(*) FROM dds.s_order_cost) + (SELECT count(*) FROM dds.s_order_status)
            """;

    private VaultTables() {
    }
}
