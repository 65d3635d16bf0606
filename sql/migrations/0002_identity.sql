-- Identity and tenancy: counties, townships, sectors, users, sessions,
-- row-level security and the append-only audit log.
--
-- Every tenant-owned table carries township_id, and its keys and foreign keys
-- include it.  Row-level security is enabled and forced on each: the server's
-- role (safegrid_app) sees what the per-request settings allow; the owner
-- role, used by migrations, safegridctl and the few security-definer
-- functions below, has an explicit policy of its own.

-- ---------------------------------------------------------------------------
-- Common triggers
-- ---------------------------------------------------------------------------

-- Every update bumps version and updated_at; handlers compare version.
create function app.touch() returns trigger
  language plpgsql set search_path = pg_catalog
  as $$
begin
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;

-- ---------------------------------------------------------------------------
-- Counties and townships
-- ---------------------------------------------------------------------------

create table county (
  id          bigint generated always as identity primary key,
  name        text not null unique check (length(name) between 1 and 50),
  code        text not null unique check (code ~ '^[0-9]{6}$'),
  created_at  timestamptz not null default now()
);

create table township (
  id          bigint generated always as identity primary key,
  county_id   bigint not null references county,
  name        text not null check (length(name) between 1 and 50),
  code        text not null unique check (code ~ '^[0-9]{9,12}$'),
  slug        text not null unique check (slug ~ '^[a-z][a-z0-9-]{1,30}$'),
  time_zone   text not null default 'Asia/Shanghai',
  active      boolean not null default true,
  version     integer not null default 1,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  unique (county_id, name),
  unique (county_id, id)
);
create trigger township_touch before update on township
  for each row execute function app.touch();

-- ---------------------------------------------------------------------------
-- Sectors (领域): the county's list; retired ones stay on old records
-- ---------------------------------------------------------------------------

create table sector (
  id          bigint generated always as identity primary key,
  county_id   bigint not null references county,
  code        text not null check (code ~ '^[a-z][a-z0-9_]{1,30}$'),
  name        text not null check (length(name) between 1 and 30),
  position    integer not null default 0,
  retired_at  timestamptz,
  version     integer not null default 1,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  unique (county_id, code),
  unique (county_id, name)
);
create trigger sector_touch before update on sector
  for each row execute function app.touch();

-- The twelve sectors of the campaign; a county renames or retires them.
create table sector_default (
  position integer primary key,
  code     text not null unique,
  name     text not null unique
);
insert into sector_default (position, code, name) values
  (1,  'non_coal_mine',       '非煤矿山'),
  (2,  'industry',            '工业企业'),
  (3,  'fire',                '消防'),
  (4,  'food',                '食品安全'),
  (5,  'road_traffic',        '道路交通'),
  (6,  'hazardous_chemicals', '危险化学品'),
  (7,  'culture_education',   '文化教育'),
  (8,  'special_equipment',   '特种设备及烟花爆竹'),
  (9,  'construction',        '建筑施工'),
  (10, 'forest_fire',         '森林防火'),
  (11, 'tourism',             '旅游'),
  (12, 'town_gas',            '城镇燃气');

-- A new county starts with the default sectors.
create function app.county_sectors() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  insert into sector (county_id, code, name, position)
    select new.id, d.code, d.name, d.position from sector_default d;
  return new;
end
$$;
create trigger county_sectors after insert on county
  for each row execute function app.county_sectors();

-- ---------------------------------------------------------------------------
-- Enterprises: the identity they need now (their users); the campaign
-- migration adds the rest of the register.
-- ---------------------------------------------------------------------------

create table enterprise (
  id           bigint generated always as identity,
  township_id  bigint not null references township,
  name         text not null check (length(name) between 1 and 100),
  status       text not null default 'operating'
               check (status in ('operating', 'suspended', 'closed', 'unlicensed')),
  version      integer not null default 1,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (id),
  unique (township_id, id)
);
create trigger enterprise_touch before update on enterprise
  for each row execute function app.touch();

-- ---------------------------------------------------------------------------
-- Users
-- ---------------------------------------------------------------------------

create table app_user (
  id            bigint generated always as identity primary key,
  county_id     bigint not null references county,
  township_id   bigint,
  username      text not null check (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name  text not null check (length(display_name) between 1 and 50),
  phone         text check (phone ~ '^[0-9+ -]{5,20}$'),
  role          text not null
                check (role in ('county_admin', 'committee', 'supervisor', 'department', 'enterprise')),
  enterprise_id bigint,
  password_hash text not null,
  active        boolean not null default true,
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  password_changed_at timestamptz not null default now(),
  unique (username),
  unique (township_id, id),
  foreign key (county_id, township_id) references township (county_id, id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  -- County admins belong to no township; everyone else to exactly one.
  constraint app_user_township_id_check check ((role = 'county_admin') = (township_id is null)),
  constraint app_user_enterprise_id_check check ((role = 'enterprise') = (enterprise_id is not null))
);
create trigger app_user_touch before update on app_user
  for each row execute function app.touch();
create index app_user_township_role on app_user (township_id, role, id);

-- The sectors a department user works in.
create table user_sector (
  township_id bigint not null,
  user_id     bigint not null,
  sector_id   bigint not null references sector,
  primary key (township_id, user_id, sector_id),
  foreign key (township_id, user_id) references app_user (township_id, id) on delete cascade
);

-- ---------------------------------------------------------------------------
-- Sessions and login attempts: reached only through the functions below
-- ---------------------------------------------------------------------------

create table session (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references app_user,
  token_hash    text not null unique,     -- SHA-256 of the cookie's token, hex
  csrf_token    text not null,
  client_addr   text,
  user_agent    text,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  ended_at      timestamptz,
  end_reason    text
);
create index session_open_by_user on session (user_id) where ended_at is null;

create table login_attempt (
  id           bigint generated always as identity primary key,
  username     text not null,
  client_addr  text not null,
  ok           boolean not null,
  at           timestamptz not null default now()
);
create index login_attempt_username on login_attempt (username, at);
create index login_attempt_addr on login_attempt (client_addr, at);

-- ---------------------------------------------------------------------------
-- Audit log: append-only, in the database itself
-- ---------------------------------------------------------------------------

create table audit_log (
  id           bigint generated always as identity primary key,
  at           timestamptz not null default now(),
  actor_id     bigint,
  county_id    bigint,
  township_id  bigint,
  action       text not null,
  entity_type  text not null,
  entity_id    bigint,
  before       jsonb,
  after        jsonb,
  client_addr  text,
  request_id   text
);
create index audit_log_township_at on audit_log (township_id, id desc);
create index audit_log_county_at on audit_log (county_id, id desc);
create index audit_log_entity on audit_log (entity_type, entity_id, id desc);
create index audit_log_actor on audit_log (actor_id, id desc);

create function app.audit_refuse() returns trigger
  language plpgsql set search_path = pg_catalog
  as $$
begin
  raise exception 'the audit log is append-only'
    using errcode = 'SG403';
end
$$;
-- Per statement, so that a statement whose rows row-level security hides
-- (the owner has no UPDATE or DELETE policy) is refused too, not ignored.
create trigger audit_log_append_only before update or delete on audit_log
  for each statement execute function app.audit_refuse();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function app.audit_refuse();

-- Append one audit row for the current request.
create function app.audit(p_action text, p_entity_type text, p_entity_id bigint,
                          p_township_id bigint, p_before jsonb, p_after jsonb,
                          p_actor_id bigint default null, p_county_id bigint default null)
  returns void
  language sql security definer set search_path = public, pg_catalog
  as $$
  insert into audit_log (actor_id, county_id, township_id, action, entity_type, entity_id,
                         before, after, client_addr, request_id)
  values (coalesce(p_actor_id, app.user_id()),
          coalesce(p_county_id, app.county_id(),
                   (select county_id from township where id = p_township_id)),
          p_township_id, p_action, p_entity_type, p_entity_id, p_before, p_after,
          nullif(current_setting('app.client_addr', true), ''),
          nullif(current_setting('app.request_id', true), ''))
$$;

-- Every write to an audited table: "<table>.<insert|update|delete>", with
-- the row before and after, less the columns named as trigger arguments.
create function app.audit_row() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  before jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  after  jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  row    jsonb := coalesce(after, before);
  hidden text;
begin
  foreach hidden in array coalesce(tg_argv, array[]::text[]) loop
    before := before - hidden;
    after := after - hidden;
  end loop;
  if tg_op = 'UPDATE' and before - 'version' - 'updated_at' = after - 'version' - 'updated_at' then
    return null;   -- nothing visible changed (a touch of a hidden column)
  end if;
  perform app.audit(tg_table_name || '.' || lower(tg_op), tg_table_name,
                    (row->>'id')::bigint,
                    case when tg_table_name = 'township' then (row->>'id')::bigint
                         else (row->>'township_id')::bigint end,
                    before, after, null,
                    (row->>'county_id')::bigint);
  return null;
end
$$;

create trigger township_audit after insert or update or delete on township
  for each row execute function app.audit_row();
create trigger sector_audit after insert or update or delete on sector
  for each row execute function app.audit_row();
create trigger enterprise_audit after insert or update or delete on enterprise
  for each row execute function app.audit_row();
create trigger app_user_audit after insert or update or delete on app_user
  for each row execute function app.audit_row('password_hash');
create trigger user_sector_audit after insert or update or delete on user_sector
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------
-- Which townships the caller may see, computed once per request
-- ---------------------------------------------------------------------------

create function app.townships() returns bigint[]
  language sql stable parallel safe
  as $$ select coalesce(nullif(current_setting('app.townships', true), ''), '{}')::bigint[] $$;
grant execute on function app.townships() to safegrid_app;

-- ---------------------------------------------------------------------------
-- Request start: the session check and the caller's settings, in one call
-- ---------------------------------------------------------------------------

drop function app.request_begin(text, text, text, int, int);
create function app.request_begin(p_token_hash text, p_request_id text, p_client_addr text,
                                  p_idle_seconds int, p_max_seconds int)
  returns table (user_id bigint, role text, township_id bigint, county_id bigint,
                 enterprise_id bigint, session_id bigint, username text, csrf_token text)
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
           u.county_id, u.enterprise_id, u.username, x.csrf_token
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
                      s.session_id, s.username, s.csrf_token;
end
$$;
grant execute on function app.request_begin(text, text, text, int, int) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Login, logout, passwords
-- ---------------------------------------------------------------------------

-- The stored hash for a username, and how long the caller must wait first.
-- After four failures in a row for a username, or twenty from one address,
-- within fifteen minutes, the next try (the fifth) waits.
create function app.login_lookup(p_username text, p_client_addr text)
  returns table (user_id bigint, password_hash text, retry_after int)
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
declare
  window_start timestamptz := now() - interval '15 minutes';
  last_ok timestamptz;
  by_name record;
  by_addr record;
begin
  select max(a.at) into last_ok from login_attempt a
   where a.username = lower(p_username) and a.ok and a.at > window_start;
  select count(*) as n, min(a.at) as first into by_name from login_attempt a
   where a.username = lower(p_username) and not a.ok
     and a.at > greatest(window_start, coalesce(last_ok, window_start));
  select count(*) as n, min(a.at) as first into by_addr from login_attempt a
   where a.client_addr = p_client_addr and not a.ok and a.at > window_start;
  if by_name.n >= 4 or by_addr.n >= 20 then
    return query select null::bigint, null::text,
      greatest(1, ceil(extract(epoch from
        (case when by_name.n >= 4 then by_name.first else by_addr.first end)
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

-- Record a login attempt; on success open a session and set the caller.
create function app.login_record(p_username text, p_user_id bigint, p_ok boolean,
                                 p_token_hash text, p_csrf_token text,
                                 p_client_addr text, p_user_agent text)
  returns bigint
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
declare
  u app_user;
  sid bigint;
begin
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

-- End one session (logout), or all of a user's (password change, disabling).
create function app.session_end(p_session_id bigint, p_reason text) returns void
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
begin
  update session set ended_at = now(), end_reason = p_reason
   where id = p_session_id and user_id = app.user_id() and ended_at is null;
  perform app.audit('auth.logout', 'session', p_session_id, app.township_id(), null, null);
end
$$;

-- The caller's own password hash, to check the current password.
create function app.my_password_hash() returns text
  language sql stable security definer set search_path = public, pg_catalog
  as $$ select password_hash from app_user where id = app.user_id() $$;

-- The caller's own new password.  Managers set other users' passwords with a
-- plain UPDATE, under the row-level security of app_user.
create function app.password_set_own(p_hash text) returns void
  language sql volatile security definer set search_path = public, pg_catalog
  as $$
  update app_user set password_hash = p_hash, password_changed_at = now()
   where id = app.user_id()
$$;

-- A new password or a disabled account ends every session of that user.
create function app.user_sessions_end() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if (old.active and not new.active) or old.password_hash <> new.password_hash then
    update session
       set ended_at = now(),
           end_reason = case when new.active then 'password changed' else 'user disabled' end
     where user_id = new.id and ended_at is null;
  end if;
  return null;
end
$$;
create trigger app_user_sessions_end after update of active, password_hash on app_user
  for each row execute function app.user_sessions_end();

grant execute on function app.login_lookup(text, text), app.my_password_hash(),
  app.login_record(text, bigint, boolean, text, text, text, text),
  app.session_end(bigint, text), app.password_set_own(text),
  app.audit(text, text, bigint, bigint, jsonb, jsonb, bigint, bigint) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------
-- Policies are per command and named "<table>_<command>_<who>".  The owner
-- role's policies are explicit: forced RLS applies to it too.

alter table county enable row level security;
alter table county force row level security;
create policy county_all_owner on county to safegrid_owner using (true) with check (true);
create policy county_select_app on county for select to safegrid_app
  using (id = (select app.county_id()));

alter table township enable row level security;
alter table township force row level security;
create policy township_all_owner on township to safegrid_owner using (true) with check (true);
create policy township_select_app on township for select to safegrid_app
  using (id = any ((select app.townships())::bigint[])
         or ((select app.role()) = 'county_admin' and county_id = (select app.county_id())));
create policy township_insert_app on township for insert to safegrid_app
  with check ((select app.role()) = 'county_admin' and county_id = (select app.county_id()));
create policy township_update_app on township for update to safegrid_app
  using ((select app.role()) = 'county_admin' and id = any ((select app.townships())::bigint[]))
  with check (county_id = (select app.county_id()));

alter table sector enable row level security;
alter table sector force row level security;
create policy sector_all_owner on sector to safegrid_owner using (true) with check (true);
create policy sector_select_app on sector for select to safegrid_app
  using (county_id = (select app.county_id()));
create policy sector_insert_app on sector for insert to safegrid_app
  with check ((select app.role()) = 'county_admin' and county_id = (select app.county_id()));
create policy sector_update_app on sector for update to safegrid_app
  using ((select app.role()) = 'county_admin' and county_id = (select app.county_id()))
  with check (county_id = (select app.county_id()));

alter table enterprise enable row level security;
alter table enterprise force row level security;
create policy enterprise_all_owner on enterprise to safegrid_owner using (true) with check (true);
create policy enterprise_select_app on enterprise for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise' or id = (select app.enterprise_id())));

alter table app_user enable row level security;
alter table app_user force row level security;
create policy app_user_all_owner on app_user to safegrid_owner using (true) with check (true);
create policy app_user_select_app on app_user for select to safegrid_app
  using (county_id = (select app.county_id())
         and ((select app.role()) = 'county_admin'
              or (township_id = (select app.township_id())
                  and ((select app.role()) <> 'enterprise' or id = (select app.user_id())))));
-- County admins manage all the county's users; committees their township's,
-- never a county admin.
create policy app_user_insert_app on app_user for insert to safegrid_app
  with check (county_id = (select app.county_id())
              and ((select app.role()) = 'county_admin'
                   or ((select app.role()) = 'committee' and role <> 'county_admin'
                       and township_id = (select app.township_id()))));
create policy app_user_update_app on app_user for update to safegrid_app
  using (county_id = (select app.county_id())
         and ((select app.role()) = 'county_admin'
              or ((select app.role()) = 'committee' and role <> 'county_admin'
                  and township_id = (select app.township_id()))))
  with check (county_id = (select app.county_id())
              and ((select app.role()) = 'county_admin'
                   or ((select app.role()) = 'committee' and role <> 'county_admin'
                       and township_id = (select app.township_id()))));

alter table user_sector enable row level security;
alter table user_sector force row level security;
create policy user_sector_all_owner on user_sector to safegrid_owner using (true) with check (true);
create policy user_sector_select_app on user_sector for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]));
create policy user_sector_insert_app on user_sector for insert to safegrid_app
  with check (township_id = any ((select app.townships())::bigint[])
              and (select app.role()) in ('county_admin', 'committee'));
create policy user_sector_delete_app on user_sector for delete to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and (select app.role()) in ('county_admin', 'committee'));

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy audit_log_select_owner on audit_log for select to safegrid_owner using (true);
create policy audit_log_insert_owner on audit_log for insert to safegrid_owner with check (true);
create policy audit_log_select_app on audit_log for select to safegrid_app
  using (((select app.role()) = 'county_admin' and county_id = (select app.county_id()))
         or ((select app.role()) in ('committee', 'supervisor')
             and township_id = (select app.township_id())));
create policy audit_log_insert_app on audit_log for insert to safegrid_app
  with check (actor_id is not distinct from (select app.user_id()));

-- ---------------------------------------------------------------------------
-- Grants to the server's role: no password hashes, no sessions, no deletes
-- ---------------------------------------------------------------------------

grant select on county, township, sector, enterprise, user_sector, audit_log to safegrid_app;
grant select (id, county_id, township_id, username, display_name, phone, role, enterprise_id,
              active, version, created_at, updated_at, password_changed_at)
  on app_user to safegrid_app;
grant insert (county_id, name, code, slug, time_zone), update (name, time_zone, active)
  on township to safegrid_app;
grant insert (county_id, code, name, position), update (name, position, retired_at)
  on sector to safegrid_app;
grant insert (county_id, township_id, username, display_name, phone, role, enterprise_id,
              password_hash),
      update (display_name, phone, role, enterprise_id, active, password_hash, password_changed_at)
  on app_user to safegrid_app;
grant insert, delete on user_sector to safegrid_app;
grant insert on audit_log to safegrid_app;

-- ---------------------------------------------------------------------------
-- How the API shows a user and a township
-- ---------------------------------------------------------------------------

create view app.user_json with (security_invoker = true) as
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
           'created_at', u.created_at, 'updated_at', u.updated_at) as json
    from app_user u;

create view app.township_json with (security_invoker = true) as
  select t.id, t.county_id, t.name,
         json_build_object(
           'id', t.id, 'county_id', t.county_id, 'name', t.name, 'code', t.code,
           'slug', t.slug, 'time_zone', t.time_zone, 'active', t.active,
           'version', t.version, 'created_at', t.created_at, 'updated_at', t.updated_at) as json
    from township t;

grant select on app.user_json, app.township_json to safegrid_app;
