-- The operations tool's role (ops-tool, deploy/ops/job.yaml), after roles.sql and once the services have started
-- and made their tables; run it again after a migration adds a table. As the database's owner or a superuser:
--   psql -h <host> -U <admin> -d warehouse -f deploy/postgres/ops-tool.sql
-- then, the first time, give the role its password: psql ... -c '\password ops_tool'
-- ops_tool owns schema ops (what redrive has re-published) and reads every layer (status). For "rebuild cdm" it
-- writes the two marts, and needs UPDATE on cdm.order_state for the EXCLUSIVE lock it takes there (PostgreSQL asks
-- that of every lock mode stronger than ROW EXCLUSIVE); it writes nothing else.

DO $$
BEGIN
    CREATE ROLE ops_tool LOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;
CREATE SCHEMA IF NOT EXISTS ops AUTHORIZATION ops_tool;
GRANT CONNECT, TEMPORARY ON DATABASE warehouse TO ops_tool;
GRANT USAGE ON SCHEMA stg, dds, cdm TO ops_tool;
GRANT SELECT ON ALL TABLES IN SCHEMA stg, dds, cdm TO ops_tool;
GRANT INSERT, UPDATE, DELETE ON cdm.user_product_counters, cdm.user_category_counters TO ops_tool;
GRANT UPDATE ON cdm.order_state TO ops_tool;
