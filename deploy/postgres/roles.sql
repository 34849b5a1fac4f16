-- Least privilege in the warehouse: one login role per service, owning its own schema and nothing else, so that
-- stg can write only stg, dds only dds, cdm only cdm. Run once, as the database's owner or a superuser:
--   psql -h <host> -U <admin> -d warehouse -f deploy/postgres/roles.sql
-- then give each role its password without it reaching a file or the shell's history:
--   psql ... -c '\password stg_service'      (and dds_service, cdm_service)
-- Each service then migrates its schema itself at start-up (Flyway, under the schema's own history table). The
-- operations tool's role is ops-tool.sql, run once the services have made their tables.

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

-- Analysts read the marts, which nothing writes but cdm (and the operations tool's rebuild, ops-tool.sql).
CREATE ROLE analysts NOLOGIN;
GRANT CONNECT ON DATABASE warehouse TO analysts;
GRANT USAGE ON SCHEMA cdm TO analysts;
ALTER DEFAULT PRIVILEGES FOR ROLE cdm_service IN SCHEMA cdm GRANT SELECT ON TABLES TO analysts;
