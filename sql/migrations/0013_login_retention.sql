-- 0013: sessions and login attempts are kept only while they are of use.

-- ---------------------------------------------------------------------------
-- What is of no further use
-- ---------------------------------------------------------------------------
-- A login attempt counts for fifteen minutes (app.login_lookup); a session
-- ends, or expires after at most 30 days idle or 90 days in all (the limits
-- of SAFEGRID_SESSION_IDLE and SAFEGRID_SESSION_MAX).  Every login, its
-- failure and its end are in the audit log, which keeps them; these two
-- tables only serve the checks, and without pruning they grow by a row or
-- two at every login for as long as the county runs.
--
-- Each login removes those of the 100 oldest rows of each table that are
-- past use: walking the primary key from its start reads only those, and
-- since a login adds at most one row to each, the tables keep about what the
-- last days' logins made (sessions: at most the last 91 days'), without a
-- job to schedule.  Only rows past use are locked, and those another login
-- is pruning at the same moment are skipped, not waited for.
create function app.login_prune() returns trigger
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
begin
  delete from login_attempt a
   where a.id = any (array(select x.id from login_attempt x
                   where x.id <= (select max(f.id) from (select id from login_attempt
                                                           order by id limit 100) f)
                     and x.at < now() - interval '1 day'
                     for update skip locked));
  delete from session s
   where s.id = any (array(select x.id from session x
                   where x.id <= (select max(f.id) from (select id from session
                                                           order by id limit 100) f)
                     and (x.ended_at < now() - interval '30 days'
                          or x.last_seen_at < now() - interval '31 days'
                          or x.created_at < now() - interval '91 days')
                     for update skip locked));
  return null;
end
$$;

-- Every login, failed or not, records its attempt (app.login_record): the
-- moment to prune.
create trigger login_attempt_prune after insert on login_attempt
  for each statement execute function app.login_prune();
