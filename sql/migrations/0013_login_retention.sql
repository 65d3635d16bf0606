-- 0013: sessions and login attempts are kept only while they are of use.

-- ---------------------------------------------------------------------------
-- What is of no further use
-- ---------------------------------------------------------------------------
-- A login attempt counts for fifteen minutes (app.login_lookup); a session
-- ends, or expires after at most 30 days idle or 90 days in all (the limits
-- of SAFEGRID_SESSION_IDLE and SAFEGRID_SESSION_MAX).  Every login, its failure and its end are in the audit log, which
-- keeps them; these two tables only serve the checks, and without pruning
-- they grow by a row or two at every login for as long as the county runs.
--
-- Each login removes those of the 100 oldest rows of each table that are
-- past use: walking the primary key from its start reads only those, and
-- since a login adds at most one row to each, the tables keep about what the
-- last days' logins made (sessions: at most the last 91 days'), without a
-- job to schedule.
create function app.login_prune() returns void
  language sql volatile security definer set search_path = public, pg_catalog
  as $$
  delete from login_attempt a
   using (select id from login_attempt order by id limit 100) oldest
   where a.id = oldest.id and a.at < now() - interval '1 day';
  delete from session s
   using (select id from session order by id limit 100) oldest
   where s.id = oldest.id
     and (s.ended_at < now() - interval '30 days' or s.last_seen_at < now() - interval '31 days'
          or s.created_at < now() - interval '91 days');
$$;

-- As in 0002, and first of all the pruning.
create or replace function app.login_record(p_username text, p_user_id bigint, p_ok boolean,
                                            p_token_hash text, p_csrf_token text,
                                            p_client_addr text, p_user_agent text)
  returns bigint
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
declare
  u app_user;
  sid bigint;
begin
  perform app.login_prune();
  insert into login_attempt (username, client_addr, ok)
    values (left(lower(p_username), 64), coalesce(p_client_addr, ''), p_ok);
  select * into u from app_user where id = p_user_id;
  if not p_ok then
    perform app.audit('auth.login_failed', 'app_user', u.id, u.township_id, null,
                      jsonb_build_object('username', left(p_username, 64)), u.id, u.county_id);
    return null;
  end if;
  insert into session (user_id, token_hash, csrf_token, client_addr, user_agent)
    values (u.id, p_token_hash, p_csrf_token, p_client_addr, left(p_user_agent, 300))
    returning id into sid;
  perform set_config('app.user_id', u.id::text, true),
          set_config('app.role', u.role, true),
          set_config('app.township_id', coalesce(u.township_id::text, ''), true),
          set_config('app.county_id', u.county_id::text, true),
          set_config('app.enterprise_id', coalesce(u.enterprise_id::text, ''), true),
          set_config('app.townships', case when u.role = 'county_admin'
            then (select coalesce(array_agg(id order by id), '{}') from township
                   where county_id = u.county_id)::text
            else array[u.township_id]::text end, true);
  perform app.audit('auth.login', 'session', sid, u.township_id, null,
                    jsonb_build_object('user_id', u.id), u.id, u.county_id);
  return sid;
end
$$;
