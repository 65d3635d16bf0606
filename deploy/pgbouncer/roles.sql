-- The settings safegridd sends at connect when it talks to PostgreSQL directly, given
-- to its role instead, for when it talks through PgBouncer in transaction mode
-- (SAFEGRID_DB_POOLED=1): the pooler refuses startup options, and every server
-- connection it opens as safegrid_app starts with these. Run once as a superuser;
-- safe to run again. Keep statement_timeout equal to SAFEGRID_STATEMENT_TIMEOUT_MS.
alter role safegrid_app set statement_timeout = '10s';
alter role safegrid_app set idle_in_transaction_session_timeout = '20s';
alter role safegrid_app set timezone = 'Asia/Shanghai';
alter role safegrid_app set client_min_messages = 'warning';
