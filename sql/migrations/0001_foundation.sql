-- Foundation: schemas, default privileges, and the per-request settings
-- that row-level security reads.

-- ---------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------

-- Functions are not callable by everyone unless granted one by one.
alter default privileges revoke execute on functions from public;
revoke create on schema public from public;
grant usage on schema public to safegrid_app;

-- Everything the server calls lives in schema app.
create schema app;
grant usage on schema app to safegrid_app;

-- ---------------------------------------------------------------------------
-- The caller, as set at the start of each request's transaction
-- ---------------------------------------------------------------------------
-- Policies call these through a scalar subquery, "(select app.township_id())",
-- so that the setting is read once per statement, not once per row.

create function app.user_id() returns bigint
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.user_id', true), '')::bigint $$;

create function app.role() returns text
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.role', true), '') $$;

create function app.township_id() returns bigint
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.township_id', true), '')::bigint $$;

create function app.county_id() returns bigint
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.county_id', true), '')::bigint $$;

create function app.enterprise_id() returns bigint
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.enterprise_id', true), '')::bigint $$;

grant execute on function app.user_id(), app.role(), app.township_id(),
  app.county_id(), app.enterprise_id() to safegrid_app;

-- ---------------------------------------------------------------------------
-- Request start
-- ---------------------------------------------------------------------------
-- Until there are sessions, every caller is anonymous: the settings are
-- cleared for the transaction and no row is returned.  The identity
-- migration replaces this with the session check.

create function app.request_begin(p_token_hash text, p_request_id text, p_client_addr text,
                                  p_idle_seconds int, p_max_seconds int)
  returns table (user_id bigint, role text, township_id bigint, county_id bigint,
                 enterprise_id bigint, session_id bigint, username text, csrf_token text)
  language plpgsql volatile security definer set search_path = pg_catalog
  as $$
begin
  perform set_config('app.user_id', '', true),
          set_config('app.role', '', true),
          set_config('app.township_id', '', true),
          set_config('app.county_id', '', true),
          set_config('app.enterprise_id', '', true),
          set_config('app.request_id', coalesce(p_request_id, ''), true),
          set_config('app.client_addr', coalesce(p_client_addr, ''), true);
end
$$;

grant execute on function app.request_begin(text, text, text, int, int) to safegrid_app;
