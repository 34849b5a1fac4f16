-- The common data marts: per user, how many distinct orders containing a product (a category) are CLOSED.
-- Both marts are a function of the newest version of each order. They are kept by differences: cdm.order_state
-- holds each order's newest version and what it counts toward, and every newer version takes back the old
-- contribution and adds the new one, in the same transaction as the counters.

CREATE TABLE cdm.order_state (
    order_id     uuid         PRIMARY KEY,
    user_id      uuid         NOT NULL,
    -- The order's version is (update_ts, sent_dttm): an older version never replaces a newer one.
    update_ts    timestamp    NOT NULL,
    sent_dttm    timestamp    NOT NULL,
    status       text         NOT NULL,
    product_ids  uuid[]       NOT NULL,
    category_ids uuid[]       NOT NULL,
    updated_at   timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE cdm.order_state IS 'Newest version of each order (topic dds-service-orders) and what it counts toward in the marts. Timestamps are UTC.';
COMMENT ON COLUMN cdm.order_state.order_id IS 'The order''s hub key (dds.h_order).';
COMMENT ON COLUMN cdm.order_state.user_id IS 'The user''s hub key (dds.h_user).';
COMMENT ON COLUMN cdm.order_state.status IS 'The newest version''s status; the order counts in the marts only when it is CLOSED.';
COMMENT ON COLUMN cdm.order_state.product_ids IS 'The distinct product hub keys of the newest version.';
COMMENT ON COLUMN cdm.order_state.category_ids IS 'The distinct category hub keys of the newest version.';
COMMENT ON COLUMN cdm.order_state.updated_at IS 'When this version was applied.';

-- order_cnt >= 0 rather than > 0: within a transaction a row reaches 0 before the statement that deletes it.
CREATE TABLE cdm.user_product_counters (
    id           bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      uuid     NOT NULL,
    product_id   uuid     NOT NULL,
    product_name text     NOT NULL,
    order_cnt    integer  NOT NULL CONSTRAINT user_product_counters_order_cnt_ck CHECK (order_cnt >= 0),
    CONSTRAINT user_product_counters_user_product_uq UNIQUE (user_id, product_id)
);

COMMENT ON TABLE cdm.user_product_counters IS 'Per user and product, the number of distinct orders whose newest version is CLOSED and contains the product. Lists only pairs with at least one such order: a row whose count reaches 0 is deleted in the same transaction.';
COMMENT ON COLUMN cdm.user_product_counters.user_id IS 'The user''s hub key (dds.h_user).';
COMMENT ON COLUMN cdm.user_product_counters.product_id IS 'The product''s hub key (dds.h_product).';
COMMENT ON COLUMN cdm.user_product_counters.product_name IS 'The name in the newest CLOSED order version applied that contains the product.';
COMMENT ON COLUMN cdm.user_product_counters.order_cnt IS 'Distinct CLOSED orders, however many lines or units of the product each has; always at least 1 once committed.';

CREATE TABLE cdm.user_category_counters (
    id            bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       uuid     NOT NULL,
    category_id   uuid     NOT NULL,
    category_name text     NOT NULL,
    order_cnt     integer  NOT NULL CONSTRAINT user_category_counters_order_cnt_ck CHECK (order_cnt >= 0),
    CONSTRAINT user_category_counters_user_category_uq UNIQUE (user_id, category_id)
);

COMMENT ON TABLE cdm.user_category_counters IS 'Per user and category, the number of distinct orders whose newest version is CLOSED and contains a product of the category. Lists only pairs with at least one such order: a row whose count reaches 0 is deleted in the same transaction.';
COMMENT ON COLUMN cdm.user_category_counters.user_id IS 'The user''s hub key (dds.h_user).';
COMMENT ON COLUMN cdm.user_category_counters.category_id IS 'The category''s hub key (dds.h_category).';
COMMENT ON COLUMN cdm.user_category_counters.category_name IS 'The name in the newest CLOSED order version applied that contains the category.';
COMMENT ON COLUMN cdm.user_category_counters.order_cnt IS 'Distinct CLOSED orders, however many of their products are in the category; always at least 1 once committed.';
