-- Each order's state keeps the names its newest version gives its products and categories, beside their keys, in
-- the same order. With them the marts are a function of cdm.order_state alone, so that the operations tool's
-- "rebuild cdm" can recompute them from it (ops, CdmRebuild).
-- The default is for a cdm instance of the previous version still running during a rolling upgrade: the states it
-- inserts get no names, and those it updates keep the names of the version before; "rebuild cdm" takes a state's
-- names only where there are as many as keys.
ALTER TABLE cdm.order_state
    ADD COLUMN product_names  text[] NOT NULL DEFAULT '{}',
    ADD COLUMN category_names text[] NOT NULL DEFAULT '{}';

-- Orders stored before this column: the names their rows in the marts show. Only an order that counts has rows
-- there; the others get '' until their next version, and their names count nowhere until then (an order that does
-- not count is not in the marts, and the version that makes it count brings its names).
UPDATE cdm.order_state AS state
   SET product_names = ARRAY(SELECT coalesce(counters.product_name, '')
                               FROM unnest(state.product_ids) WITH ORDINALITY AS item(product_id, position)
                               LEFT JOIN cdm.user_product_counters AS counters
                                      ON counters.user_id = state.user_id AND counters.product_id = item.product_id
                              ORDER BY item.position),
       category_names = ARRAY(SELECT coalesce(counters.category_name, '')
                                FROM unnest(state.category_ids) WITH ORDINALITY AS item(category_id, position)
                                LEFT JOIN cdm.user_category_counters AS counters
                                       ON counters.user_id = state.user_id AND counters.category_id = item.category_id
                               ORDER BY item.position);

COMMENT ON COLUMN cdm.order_state.product_names IS 'The newest version''s name of each product, in the order of product_ids.';
COMMENT ON COLUMN cdm.order_state.category_names IS 'The newest version''s name of each category, in the order of category_ids.';
