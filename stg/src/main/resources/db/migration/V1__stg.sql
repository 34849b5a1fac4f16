-- The staging layer: the newest version of each raw order event, as it came.
CREATE TABLE stg.order_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_id   bigint       NOT NULL,
    object_type text         NOT NULL,
    -- The event's version is (update_ts, sent_dttm): an older version never overwrites a newer one.
    sent_dttm   timestamp    NOT NULL,
    update_ts   timestamp    NOT NULL,
    payload     jsonb        NOT NULL,
    loaded_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT order_events_object_id_uq UNIQUE (object_id)
);

COMMENT ON TABLE stg.order_events IS 'Newest version of each upstream order event (topic order-service_orders). Timestamps are UTC.';
COMMENT ON COLUMN stg.order_events.payload IS 'The event''s payload object, verbatim.';
COMMENT ON COLUMN stg.order_events.update_ts IS 'payload.update_ts, kept as a column to compare versions.';
COMMENT ON COLUMN stg.order_events.loaded_at IS 'When this version was written.';
