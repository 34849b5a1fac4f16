-- The detail layer: a Data Vault 2.0 of the enriched orders (topic stg-service-orders).
--
-- Keys are computed in Java (shared-model DataVaultKeys), never here and never at random: a hub key is the
-- UUID whose bytes are the MD5 of the business key trimmed and upper-cased, so that
-- md5(upper(trim(business_key)))::uuid yields the same value in SQL; a link key is the MD5 of its hubs'
-- standardised business keys joined with '||' in the order of the link's name. The same input always
-- yields the same rows, on any instance and on any replay.
--
-- Every row carries load_src, the topic it was loaded from. Hubs and links are insert-only; their load_dt
-- is when they were first loaded.
--
-- DECISION: a satellite's load_dt is the SOURCE VERSION time, the order's payload.update_ts, not the wall
-- clock. A replay, or a second instance loading the same version, then hits the primary key
-- (hub key, load_dt) instead of adding a row, and "the current row" is the one of the newest source
-- version, whatever order the versions arrived in. A row is added only when the hub key has none yet, or
-- when its load_dt is strictly newer than the current row's AND its hashdiff differs: an older version
-- arriving late never becomes current, and an unchanged attribute adds nothing. loaded_at keeps the
-- wall-clock time for audit. Consequences: two versions with the same update_ts (differing only in
-- sent_dttm) are one source version, the first one loaded stays; an older version that arrives after a
-- newer one leaves no history row; and a value that changes and changes back (A at t1, B at t2, A at t3)
-- can leave B current if A@t3 is loaded before B@t2, since A@t3 added no row that would outrank B. That
-- needs a change undone within the window in which messages of different partitions overtake each other.
--
-- Timestamps without a zone are UTC, as everywhere in the pipeline.

-- ---- Hubs ----

CREATE TABLE dds.h_user (
    h_user_pk       uuid        PRIMARY KEY,
    user_id         text        NOT NULL,
    load_dt         timestamptz NOT NULL DEFAULT now(),
    load_src        text        NOT NULL
);

CREATE TABLE dds.h_product (
    h_product_pk    uuid        PRIMARY KEY,
    product_id      text        NOT NULL,
    load_dt         timestamptz NOT NULL DEFAULT now(),
    load_src        text        NOT NULL
);

-- A category has no id of its own: its name is the business key.
CREATE TABLE dds.h_category (
    h_category_pk   uuid        PRIMARY KEY,
    category_name   text        NOT NULL,
    load_dt         timestamptz NOT NULL DEFAULT now(),
    load_src        text        NOT NULL
);

CREATE TABLE dds.h_restaurant (
    h_restaurant_pk uuid        PRIMARY KEY,
    restaurant_id   text        NOT NULL,
    load_dt         timestamptz NOT NULL DEFAULT now(),
    load_src        text        NOT NULL
);

-- The business key is the order id as decimal text.
CREATE TABLE dds.h_order (
    h_order_pk      uuid        PRIMARY KEY,
    order_id        bigint      NOT NULL,
    order_dt        timestamp   NOT NULL,
    load_dt         timestamptz NOT NULL DEFAULT now(),
    load_src        text        NOT NULL
);

-- ---- Links ----

CREATE TABLE dds.l_order_product (
    hk_order_product_pk      uuid        PRIMARY KEY,
    h_order_pk               uuid        NOT NULL REFERENCES dds.h_order (h_order_pk),
    h_product_pk             uuid        NOT NULL REFERENCES dds.h_product (h_product_pk),
    load_dt                  timestamptz NOT NULL DEFAULT now(),
    load_src                 text        NOT NULL
);
CREATE INDEX l_order_product_h_order_pk_idx ON dds.l_order_product (h_order_pk);
CREATE INDEX l_order_product_h_product_pk_idx ON dds.l_order_product (h_product_pk);

CREATE TABLE dds.l_product_restaurant (
    hk_product_restaurant_pk uuid        PRIMARY KEY,
    h_product_pk             uuid        NOT NULL REFERENCES dds.h_product (h_product_pk),
    h_restaurant_pk          uuid        NOT NULL REFERENCES dds.h_restaurant (h_restaurant_pk),
    load_dt                  timestamptz NOT NULL DEFAULT now(),
    load_src                 text        NOT NULL
);
CREATE INDEX l_product_restaurant_h_product_pk_idx ON dds.l_product_restaurant (h_product_pk);
CREATE INDEX l_product_restaurant_h_restaurant_pk_idx ON dds.l_product_restaurant (h_restaurant_pk);

CREATE TABLE dds.l_product_category (
    hk_product_category_pk   uuid        PRIMARY KEY,
    h_product_pk             uuid        NOT NULL REFERENCES dds.h_product (h_product_pk),
    h_category_pk            uuid        NOT NULL REFERENCES dds.h_category (h_category_pk),
    load_dt                  timestamptz NOT NULL DEFAULT now(),
    load_src                 text        NOT NULL
);
CREATE INDEX l_product_category_h_product_pk_idx ON dds.l_product_category (h_product_pk);
CREATE INDEX l_product_category_h_category_pk_idx ON dds.l_product_category (h_category_pk);

CREATE TABLE dds.l_order_user (
    hk_order_user_pk         uuid        PRIMARY KEY,
    h_order_pk               uuid        NOT NULL REFERENCES dds.h_order (h_order_pk),
    h_user_pk                uuid        NOT NULL REFERENCES dds.h_user (h_user_pk),
    load_dt                  timestamptz NOT NULL DEFAULT now(),
    load_src                 text        NOT NULL
);
CREATE INDEX l_order_user_h_order_pk_idx ON dds.l_order_user (h_order_pk);
CREATE INDEX l_order_user_h_user_pk_idx ON dds.l_order_user (h_user_pk);

-- ---- Satellites (load_dt = the source version time, see the DECISION above) ----
-- The primary key (hub key, load_dt) also serves "the current row of a hub key" as a backward index scan.

CREATE TABLE dds.s_user_names (
    h_user_pk       uuid          NOT NULL REFERENCES dds.h_user (h_user_pk),
    username        text          NOT NULL,
    userlogin       text          NOT NULL,
    hashdiff        uuid          NOT NULL,
    load_dt         timestamp     NOT NULL,
    load_src        text          NOT NULL,
    loaded_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (h_user_pk, load_dt)
);

CREATE TABLE dds.s_product_names (
    h_product_pk    uuid          NOT NULL REFERENCES dds.h_product (h_product_pk),
    name            text          NOT NULL,
    hashdiff        uuid          NOT NULL,
    load_dt         timestamp     NOT NULL,
    load_src        text          NOT NULL,
    loaded_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (h_product_pk, load_dt)
);

CREATE TABLE dds.s_restaurant_names (
    h_restaurant_pk uuid          NOT NULL REFERENCES dds.h_restaurant (h_restaurant_pk),
    name            text          NOT NULL,
    hashdiff        uuid          NOT NULL,
    load_dt         timestamp     NOT NULL,
    load_src        text          NOT NULL,
    loaded_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (h_restaurant_pk, load_dt)
);

CREATE TABLE dds.s_order_cost (
    h_order_pk      uuid          NOT NULL REFERENCES dds.h_order (h_order_pk),
    cost            numeric(19,5) NOT NULL,
    payment         numeric(19,5) NOT NULL,
    hashdiff        uuid          NOT NULL,
    load_dt         timestamp     NOT NULL,
    load_src        text          NOT NULL,
    loaded_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (h_order_pk, load_dt)
);

CREATE TABLE dds.s_order_status (
    h_order_pk      uuid          NOT NULL REFERENCES dds.h_order (h_order_pk),
    status          text          NOT NULL,
    hashdiff        uuid          NOT NULL,
    load_dt         timestamp     NOT NULL,
    load_src        text          NOT NULL,
    loaded_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (h_order_pk, load_dt)
);

-- ---- Views for analysts: the current row of each satellite, and each order as it is now ----

CREATE VIEW dds.v_user_names_current AS
SELECT DISTINCT ON (h_user_pk) h_user_pk, username, userlogin, hashdiff, load_dt, load_src, loaded_at
  FROM dds.s_user_names
 ORDER BY h_user_pk, load_dt DESC;

CREATE VIEW dds.v_product_names_current AS
SELECT DISTINCT ON (h_product_pk) h_product_pk, name, hashdiff, load_dt, load_src, loaded_at
  FROM dds.s_product_names
 ORDER BY h_product_pk, load_dt DESC;

CREATE VIEW dds.v_restaurant_names_current AS
SELECT DISTINCT ON (h_restaurant_pk) h_restaurant_pk, name, hashdiff, load_dt, load_src, loaded_at
  FROM dds.s_restaurant_names
 ORDER BY h_restaurant_pk, load_dt DESC;

CREATE VIEW dds.v_order_cost_current AS
SELECT DISTINCT ON (h_order_pk) h_order_pk, cost, payment, hashdiff, load_dt, load_src, loaded_at
  FROM dds.s_order_cost
 ORDER BY h_order_pk, load_dt DESC;

CREATE VIEW dds.v_order_status_current AS
SELECT DISTINCT ON (h_order_pk) h_order_pk, status, hashdiff, load_dt, load_src, loaded_at
  FROM dds.s_order_status
 ORDER BY h_order_pk, load_dt DESC;

-- One row per order. Each current row is found through its primary key (LATERAL ... LIMIT 1), so a
-- lookup of a few orders reads a few index entries instead of whole satellites. The original design has
-- no order-restaurant link: an order's restaurant is that of its products (menu item ids belong to one
-- restaurant), and an order without products has none.
CREATE VIEW dds.v_order_current AS
SELECT o.order_id,
       o.order_dt,
       status.status,
       cost.cost,
       cost.payment,
       u.user_id,
       user_names.username,
       user_names.userlogin,
       r.restaurant_id,
       restaurant_names.name AS restaurant_name,
       o.h_order_pk,
       u.h_user_pk,
       r.h_restaurant_pk
  FROM dds.h_order o
  LEFT JOIN LATERAL (SELECT s.status
                       FROM dds.s_order_status s
                      WHERE s.h_order_pk = o.h_order_pk
                      ORDER BY s.load_dt DESC
                      LIMIT 1) status ON true
  LEFT JOIN LATERAL (SELECT s.cost, s.payment
                       FROM dds.s_order_cost s
                      WHERE s.h_order_pk = o.h_order_pk
                      ORDER BY s.load_dt DESC
                      LIMIT 1) cost ON true
  LEFT JOIN LATERAL (SELECT l.h_user_pk
                       FROM dds.l_order_user l
                      WHERE l.h_order_pk = o.h_order_pk
                      ORDER BY l.load_dt DESC
                      LIMIT 1) order_user ON true
  LEFT JOIN dds.h_user u ON u.h_user_pk = order_user.h_user_pk
  LEFT JOIN LATERAL (SELECT s.username, s.userlogin
                       FROM dds.s_user_names s
                      WHERE s.h_user_pk = u.h_user_pk
                      ORDER BY s.load_dt DESC
                      LIMIT 1) user_names ON true
  LEFT JOIN LATERAL (SELECT pr.h_restaurant_pk
                       FROM dds.l_order_product op
                       JOIN dds.l_product_restaurant pr ON pr.h_product_pk = op.h_product_pk
                      WHERE op.h_order_pk = o.h_order_pk
                      ORDER BY pr.load_dt DESC, pr.h_restaurant_pk
                      LIMIT 1) order_restaurant ON true
  LEFT JOIN dds.h_restaurant r ON r.h_restaurant_pk = order_restaurant.h_restaurant_pk
  LEFT JOIN LATERAL (SELECT s.name
                       FROM dds.s_restaurant_names s
                      WHERE s.h_restaurant_pk = r.h_restaurant_pk
                      ORDER BY s.load_dt DESC
                      LIMIT 1) restaurant_names ON true;

COMMENT ON SCHEMA dds IS 'Data Vault 2.0 of the orders (hubs h_*, links l_*, satellites s_*), loaded by dds-service.';
COMMENT ON COLUMN dds.s_user_names.load_dt IS 'Source version time: payload.update_ts of the order this row came from (UTC).';
COMMENT ON COLUMN dds.s_product_names.load_dt IS 'Source version time: payload.update_ts of the order this row came from (UTC).';
COMMENT ON COLUMN dds.s_restaurant_names.load_dt IS 'Source version time: payload.update_ts of the order this row came from (UTC).';
COMMENT ON COLUMN dds.s_order_cost.load_dt IS 'Source version time: payload.update_ts of the order (UTC).';
COMMENT ON COLUMN dds.s_order_status.load_dt IS 'Source version time: payload.update_ts of the order (UTC).';
COMMENT ON VIEW dds.v_order_current IS 'Each order with its current status, cost, user and restaurant names.';
