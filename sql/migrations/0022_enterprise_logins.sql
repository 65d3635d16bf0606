-- 0022: enterprise logins at county scale.
--
-- * A committee (its township) or the county admin (any) issues logins for
--   many enterprises at once: each gets an account named after its credit
--   code and a one-time activation code, stored only as a hash, that
--   expires; issuing again replaces the code.
-- * The first login of an enterprise is its administrator, who adds and
--   disables the enterprise's other logins (login.staff), never another
--   enterprise's.
-- * A password someone else set must be replaced by its owner before the
--   account does anything but sign out or set it (request_begin tells).
-- * An enterprise marked closed: its logins are disabled, which ends their
--   sessions (app.user_sessions_end, 0002).

-- ---------------------------------------------------------------------------
-- The action table: who issues logins, who manages an enterprise's staff
-- ---------------------------------------------------------------------------

insert into app.action_role (action, role) values
  ('login.issue', 'county_admin'), ('login.issue', 'committee'),
  ('login.staff', 'enterprise');

-- ---------------------------------------------------------------------------
-- Users: the enterprise administrator, a password someone else set
-- ---------------------------------------------------------------------------

alter table app_user
  add column enterprise_admin boolean not null default false,
  add column password_must_change boolean not null default false,
  add constraint app_user_enterprise_admin_check check (not enterprise_admin or role = 'enterprise');
create unique index app_user_one_enterprise_admin on app_user (enterprise_id) where enterprise_admin;
create index app_user_enterprise on app_user (enterprise_id, id) where enterprise_id is not null;

-- The enterprises' logins so far: the oldest of each is its administrator.
update app_user set enterprise_admin = true
 where id in (select min(id) from app_user where role = 'enterprise' group by enterprise_id);

-- An enterprise's first login is its administrator; the later ones are its staff.
create function app.enterprise_admin_first() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if new.role = 'enterprise' then
    new.enterprise_admin := not exists (select 1 from app_user u
                                         where u.enterprise_id = new.enterprise_id
                                           and u.enterprise_admin);
  else
    new.enterprise_admin := false;
  end if;
  return new;
end
$$;
create trigger app_user_enterprise_admin before insert on app_user
  for each row execute function app.enterprise_admin_first();

-- A password set through the API by anyone but its owner must be replaced
-- by the owner at the next sign-in; the owner's own (app.password_set_own,
-- activation: security definer, run as the owner role) clears the mark.
create function app.password_given() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if new.password_hash is distinct from old.password_hash then
    new.password_must_change := current_user = 'safegrid_app'
                                and new.id is distinct from app.user_id();
  end if;
  return new;
end
$$;
create trigger app_user_password_given before update of password_hash on app_user
  for each row execute function app.password_given();

-- Whether the caller is an active enterprise administrator.
create function app.enterprise_admin() returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$ select coalesce((select u.enterprise_admin from app_user u
                          where u.id = app.user_id() and u.active), false) $$;
revoke execute on function app.enterprise_admin() from public;
grant execute on function app.enterprise_admin() to safegrid_app;

-- The login name of an enterprise: its credit code, in lower case; where
-- another township's enterprise of the same code holds that already, the
-- township's slug before it.  An enterprise is never told a wrong name: the
-- name is on its licence.
create function app.enterprise_username(p_credit_code text, p_township_id bigint) returns text
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select case when not exists (select 1 from app_user u where u.username = lower(p_credit_code))
              then lower(p_credit_code)
              else (select t.slug from township t where t.id = p_township_id) || '.' || lower(p_credit_code)
         end
$$;
revoke execute on function app.enterprise_username(text, bigint) from public;
grant execute on function app.enterprise_username(text, bigint) to safegrid_app;

-- Usernames: a committee's users are named inside its township's prefix
-- (0015); an enterprise's logins may also be named after the enterprise's
-- credit code ("<code>", its staff "<code>.<n>"), which the enterprise
-- knows from its licence.
create or replace function app.app_user_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if current_user <> 'safegrid_app' or app.role() = 'county_admin' then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.id = app.user_id() and new.role = old.role then
    return new;   -- one's own password
  end if;
  if new.role = 'supervisor' or (tg_op = 'UPDATE' and old.role = 'supervisor') then
    raise exception '督考组（supervisor）的账号只由县级管理员创建和修改' using errcode = 'SG403';
  end if;
  if tg_op = 'INSERT'
     and not exists (select 1 from township t
                      where t.id = new.township_id and starts_with(new.username, t.slug || '.'))
     and not (new.role = 'enterprise'
              and exists (select 1 from enterprise e
                           where e.id = new.enterprise_id
                             and (new.username = lower(e.credit_code)
                                  or starts_with(new.username, lower(e.credit_code) || '.')))) then
    raise exception '用户名须以本乡镇简称加点开头，如 %.zhangsan',
                    (select t.slug from township t where t.id = app.township_id())
      using errcode = 'SG422', column = 'username';
  end if;
  return new;
end
$$;

-- An enterprise administrator sees, adds and disables its enterprise's
-- other logins; never its own administrator mark, never another enterprise.
create policy app_user_select_staff on app_user for select to safegrid_app
  using ((select app.role()) = 'enterprise' and enterprise_id = (select app.enterprise_id())
         and (select app.enterprise_admin()));
create policy app_user_insert_staff on app_user for insert to safegrid_app
  with check ((select app.may('login.staff')) and (select app.enterprise_admin())
              and role = 'enterprise' and enterprise_id = (select app.enterprise_id())
              and township_id = (select app.township_id()) and county_id = (select app.county_id()));
create policy app_user_update_staff on app_user for update to safegrid_app
  using ((select app.may('login.staff')) and (select app.enterprise_admin())
         and enterprise_id = (select app.enterprise_id()) and id <> (select app.user_id()))
  with check (role = 'enterprise' and enterprise_id = (select app.enterprise_id())
              and township_id = (select app.township_id()));

grant select (enterprise_admin, password_must_change) on app_user to safegrid_app;

-- ---------------------------------------------------------------------------
-- Activation codes: one a login, only the hash kept, replaced when issued again
-- ---------------------------------------------------------------------------
-- The code is 12 characters of a 32-letter alphabet (60 random bits) from
-- the server's random source; it is kept as its SHA-256.  A guess is a
-- login attempt (app.login_lookup and app.login_record throttle it), and a
-- code lives SAFEGRID_ACTIVATION_DAYS days at most.

create table activation_code (
  township_id  bigint not null,
  user_id      bigint not null,
  code_hash    text not null check (code_hash ~ '^[0-9a-f]{64}$'),
  expires_at   timestamptz not null,
  issued_by    bigint references app_user,
  issued_at    timestamptz not null default now(),
  used_at      timestamptz,
  primary key (user_id),
  foreign key (township_id, user_id) references app_user (township_id, id) on delete cascade,
  check (expires_at > issued_at)
);
create index activation_code_township on activation_code (township_id, user_id);

-- Issuing a code (a batch, a township's reset, an administrator's for its
-- staff) and using it are audited against the login, never with the hash:
-- "auth.code_issued" and "auth.activated", entity app_user.
create function app.activation_code_audit() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' or new.issued_at <> old.issued_at then
    perform app.audit('auth.code_issued', 'app_user', new.user_id, new.township_id, null,
                      jsonb_build_object('expires_at', new.expires_at));
  elsif new.used_at is not null and old.used_at is null then
    perform app.audit('auth.activated', 'app_user', new.user_id, new.township_id, null, null,
                      new.user_id);
  end if;
  return null;
end
$$;
create trigger activation_code_audit after insert or update on activation_code
  for each row execute function app.activation_code_audit();

alter table activation_code enable row level security;
alter table activation_code force row level security;
create policy activation_code_all_owner on activation_code to safegrid_owner using (true) with check (true);
create policy activation_code_select_app on activation_code for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.may('login.issue'))
              or ((select app.enterprise_admin())
                  and user_id in (select u.id from app_user u
                                   where u.enterprise_id = (select app.enterprise_id())))));
create policy activation_code_insert_app on activation_code for insert to safegrid_app
  with check (township_id = any ((select app.townships())::bigint[])
              and ((select app.may('login.issue'))
                   or ((select app.enterprise_admin())
                       and user_id in (select u.id from app_user u
                                        where u.enterprise_id = (select app.enterprise_id())))));
create policy activation_code_update_app on activation_code for update to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.may('login.issue'))
              or ((select app.enterprise_admin())
                  and user_id in (select u.id from app_user u
                                   where u.enterprise_id = (select app.enterprise_id())))))
  with check (township_id = any ((select app.townships())::bigint[]));

-- The server's role writes hashes but never reads them.
grant select (township_id, user_id, expires_at, issued_by, issued_at, used_at),
      insert (township_id, user_id, code_hash, expires_at, issued_by),
      update (code_hash, expires_at, issued_by, issued_at, used_at)
  on activation_code to safegrid_app;

-- Activation: the user's unused, unexpired code of that hash sets the
-- user's own password (and clears any mark of a password set by another)
-- and is used up.  False, and nothing changed, for any other code.  The
-- caller throttles and records the attempt as a login (app.login_lookup,
-- app.login_record).
create function app.activation_redeem(p_user_id bigint, p_code_hash text, p_password_hash text)
  returns boolean
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
begin
  update activation_code set used_at = now()
   where user_id = p_user_id and code_hash = p_code_hash
     and used_at is null and expires_at > now();
  if not found then
    return false;
  end if;
  update app_user set password_hash = p_password_hash, password_changed_at = now()
   where id = p_user_id and active;
  return found;
end
$$;
revoke execute on function app.activation_redeem(bigint, text, text) from public;
grant execute on function app.activation_redeem(bigint, text, text) to safegrid_app;

-- ---------------------------------------------------------------------------
-- A closed enterprise: its logins are disabled (their sessions end)
-- ---------------------------------------------------------------------------

create function app.enterprise_closed() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  update app_user set active = false
   where enterprise_id = new.id and township_id = new.township_id and active;
  return null;
end
$$;
create trigger enterprise_closed_logins after update of status on enterprise
  for each row when (new.status = 'closed' and old.status <> 'closed')
  execute function app.enterprise_closed();

-- ---------------------------------------------------------------------------
-- The session check tells whether the password must change first
-- ---------------------------------------------------------------------------

drop function app.request_begin(text, text, text, int, int);
create function app.request_begin(p_token_hash text, p_request_id text, p_client_addr text,
                                  p_idle_seconds int, p_max_seconds int)
  returns table (user_id bigint, role text, township_id bigint, county_id bigint,
                 enterprise_id bigint, session_id bigint, username text, csrf_token text,
                 password_must_change boolean)
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
declare
  s record;
  signed_in boolean := false;
  visible bigint[];
begin
  perform set_config('app.request_id', coalesce(p_request_id, ''), true),
          set_config('app.client_addr', coalesce(p_client_addr, ''), true);
  if p_token_hash is not null then
    select x.id as session_id, x.last_seen_at, u.id as user_id, u.role, u.township_id,
           u.county_id, u.enterprise_id, u.username, x.csrf_token, u.password_must_change
      into s
      from session x join app_user u on u.id = x.user_id
     where x.token_hash = p_token_hash
       and x.ended_at is null
       and u.active
       and x.last_seen_at > now() - make_interval(secs => p_idle_seconds)
       and x.created_at > now() - make_interval(secs => p_max_seconds);
    signed_in := found;
  end if;
  if not signed_in then
    perform set_config('app.user_id', '', true), set_config('app.role', '', true),
            set_config('app.township_id', '', true), set_config('app.county_id', '', true),
            set_config('app.enterprise_id', '', true), set_config('app.townships', '', true);
    return;
  end if;
  -- Idle time counts in minutes: one write a minute per session, not one a request.
  if s.last_seen_at < now() - interval '1 minute' then
    update session set last_seen_at = now() where id = s.session_id;
  end if;
  if s.role = 'county_admin' then
    select coalesce(array_agg(t.id order by t.id), '{}') into visible
      from township t where t.county_id = s.county_id;
  else
    visible := array[s.township_id];
  end if;
  perform set_config('app.user_id', s.user_id::text, true),
          set_config('app.role', s.role, true),
          set_config('app.township_id', coalesce(s.township_id::text, ''), true),
          set_config('app.county_id', s.county_id::text, true),
          set_config('app.enterprise_id', coalesce(s.enterprise_id::text, ''), true),
          set_config('app.townships', visible::text, true);
  return query select s.user_id, s.role, s.township_id, s.county_id, s.enterprise_id,
                      s.session_id, s.username, s.csrf_token, s.password_must_change;
end
$$;
grant execute on function app.request_begin(text, text, text, int, int) to safegrid_app;

-- ---------------------------------------------------------------------------
-- How the API shows a user: with the administrator mark and its code's state
-- ---------------------------------------------------------------------------

create or replace view app.user_json with (security_invoker = true) as
  select u.id, u.county_id, u.township_id, u.role, u.active, u.username, u.display_name,
         json_build_object(
           'id', u.id, 'username', u.username, 'display_name', u.display_name,
           'phone', u.phone, 'role', u.role, 'county_id', u.county_id,
           'township_id', u.township_id, 'enterprise_id', u.enterprise_id,
           'sector_ids', coalesce((select json_agg(s.sector_id order by s.sector_id)
                                     from user_sector s
                                    where s.township_id = u.township_id and s.user_id = u.id),
                                  '[]'),
           'active', u.active, 'version', u.version,
           'created_at', u.created_at, 'updated_at', u.updated_at,
           'enterprise_admin', u.enterprise_admin,
           'password_must_change', u.password_must_change) as json
    from app_user u;
