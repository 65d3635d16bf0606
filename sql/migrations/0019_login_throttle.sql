-- 0019: the login throttle counts a username's failures per address.
--
-- 0002 held a username after four failures in a row from anywhere, so anyone
-- who knew a username (the admin's is in the README) could lock its owner
-- out for fifteen minutes with four wrong passwords.  Now four failures in a
-- row hold that username at that address only: the owner, elsewhere, still
-- signs in.  An address that fails twenty times in fifteen minutes, under
-- any usernames, still waits (guessing across many names from one place).
-- A success for the username, from anywhere, starts its count again.  An
-- unknown username is counted exactly like a known one, so the answers say
-- nothing of which names exist.
--
-- The address is the one nginx saw (REMOTE_ADDR); behind the county's proxy
-- it must be the client's real address, or every user shares the proxy's.

create or replace function app.login_lookup(p_username text, p_client_addr text)
  returns table (user_id bigint, password_hash text, retry_after int)
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
declare
  window_start timestamptz := now() - interval '15 minutes';
  last_ok timestamptz;
  by_pair record;
  by_addr record;
begin
  select max(a.at) into last_ok from login_attempt a
   where a.username = lower(p_username) and a.ok and a.at > window_start;
  select count(*) as n, min(a.at) as first into by_pair from login_attempt a
   where a.username = lower(p_username) and a.client_addr = coalesce(p_client_addr, '')
     and not a.ok and a.at > greatest(window_start, coalesce(last_ok, window_start));
  select count(*) as n, min(a.at) as first into by_addr from login_attempt a
   where a.client_addr = coalesce(p_client_addr, '') and not a.ok and a.at > window_start;
  if by_pair.n >= 4 or by_addr.n >= 20 then
    return query select null::bigint, null::text,
      greatest(1, ceil(extract(epoch from
        (case when by_pair.n >= 4 then by_pair.first else by_addr.first end)
        + interval '15 minutes' - now())))::int;
    return;
  end if;
  return query select u.id, u.password_hash, 0 from app_user u
    where u.username = lower(p_username) and u.active;
  if not found then
    return query select null::bigint, null::text, 0;
  end if;
end
$$;
