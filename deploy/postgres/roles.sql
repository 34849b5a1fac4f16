-- Least privilege in the warehouse: one login role per service, owning its own schema and nothing else, so that
-- stg can write only stg, dds only dds, cdm only cdm; and one for the operations tool (below). Run once, as the
-- database's owner or a superuser:
--   psql -h <host> -U <admin> -d warehouse -f deploy/postgres/roles.sql
-- then give each role its password without it reaching a file or the shell's history:
--   psql ... -c '\password stg_service'      (and dds_service, cdm_service, ops_tool)
-- Each service then migrates its schema itself at start-up (Flyway, under the schema's own history table).

CREATE ROLE stg_service LOGIN;
CREATE ROLE dds_service LOGIN;
CREATE ROLE cdm_service LOGIN;

CREATE SCHEMA stg AUTHORIZATION stg_service;
CREATE SCHEMA dds AUTHORIZATION dds_service;
CREATE SCHEMA cdm AUTHORIZATION cdm_service;

-- Nobody else creates objects in public, or connects, unless granted.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE warehouse FROM PUBLIC;
GRANT CONNECT ON DATABASE warehouse TO stg_service, dds_service, cdm_service;

-- The operations tool (ops-tool, deploy/ops/job.yaml) owns schema ops (what redrive has re-published), reads every
-- layer for status, and rewrites cdm's marts for "rebuild cdm" under the EXCLUSIVE lock it takes on cdm.order_state
-- (a lock that needs UPDATE on the table), with a temporary table of the expected rows.
CREATE ROLE ops_tool LOGIN;
CREATE SCHEMA ops AUTHORIZATION ops_tool;
GRANT CONNECT, TEMPORARY ON DATABASE warehouse TO ops_tool;
GRANT USAGE ON SCHEMA stg, dds, cdm TO ops_tool;
ALTER DEFAULT PRIVILEGES FOR ROLE stg_service IN SCHEMA stg GRANT SELECT ON TABLES TO ops_tool;
ALTER DEFAULT PRIVILEGES FOR ROLE dds_service IN SCHEMA dds GRANT SELECT ON TABLES TO ops_tool;
ALTER DEFAULT PRIVILEGES FOR ROLE cdm_service IN SCHEMA cdm GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ops_tool;

-- Analysts read the marts, which nothing writes but cdm and the operations tool's rebuild.
CREATE ROLE analysts NOLOGIN;
GRANT CONNECT ON DATABASE warehouse TO analysts;
GRANT USAGE ON SCHEMA cdm TO analysts;
ALTER DEFAULT PRIVILEGES FOR ROLE cdm_service IN SCHEMA cdm GRANT SELECT ON TABLES TO analysts;
