-- 0038: a county-wide answer is told current by the county's own stamp, not
-- by every township's.
--
-- app.answer (0030) served the county admin's dashboard and daily report
-- as stored while "every township's stamp" was what it had been: a string
-- of each township's sum, read from 16 counters a township at every
-- request -- 320 rows at scale 1 and 1,600 at scale 5, so that the county
-- dashboard's cost grew with the number of townships (PostgreSQL 3.2× at
-- five times the townships) while a township's dashboard stayed flat.
--
-- answer_county_stamp holds 16 counters a county, kept as the townships'
-- are: every transaction that bumps a township's counter (app.answer_bump)
-- bumps its county's first, once, on the counter of its backend.  First, so
-- that a transaction takes the county's row before any township's: two
-- writers of one county meet on the county's row before either holds a
-- township's, and do not wait for each other in a circle.  A county's stamp
-- is the sum of its counters, which only grows, and grows with every
-- change of any of its townships' answers' rows: a county-wide answer is
-- current while it is the same.  A township removed bumps its county too.

create table answer_county_stamp (
  county_id  bigint not null references county on delete cascade,
  shard      smallint not null,   -- the writer's backend, modulo 16
  stamp      bigint not null,
  primary key (county_id, shard)
);

-- Once a transaction and county (remembered as app.answer_bump remembers
-- the townships).
create function app.answer_bump_county(p_county_id bigint) returns void
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  done text := coalesce(nullif(current_setting('app.answer_bumped_county', true), ''), ',');
begin
  if p_county_id is null or strpos(done, ',' || p_county_id || ',') > 0 then
    return;
  end if;
  insert into answer_county_stamp as s (county_id, shard, stamp)
  select p_county_id, pg_backend_pid() % 16, 1 where exists (select 1 from county c where c.id = p_county_id)
  on conflict (county_id, shard) do update set stamp = s.stamp + 1;
  perform set_config('app.answer_bumped_county', done || p_county_id || ',', true);
end
$$;
revoke execute on function app.answer_bump_county(bigint) from public;

-- 0030's, with the county bumped first.
create or replace function app.answer_bump(p_township_id bigint) returns void
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  done text := coalesce(nullif(current_setting('app.answer_bumped', true), ''), ',');
  v_county bigint;
begin
  if p_township_id is null or strpos(done, ',' || p_township_id || ',') > 0 then
    return;
  end if;
  select t.county_id into v_county from township t where t.id = p_township_id;
  if found then
    perform app.answer_bump_county(v_county);
    insert into answer_stamp as s (township_id, shard, stamp)
    values (p_township_id, pg_backend_pid() % 16, 1)
    on conflict (township_id, shard) do update set stamp = s.stamp + 1;
  end if;
  perform set_config('app.answer_bumped', done || p_township_id || ',', true);
end
$$;

-- A township: its name (0030), and now its removal, which takes it out of
-- the county's answers.
create or replace function app.answer_touch_township() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'DELETE' then
    perform app.answer_bump_county(old.county_id);
  else
    perform app.answer_bump(new.id);
  end if;
  return null;
end
$$;
create constraint trigger township_answer_touch_delete after delete on township
  deferrable initially deferred for each row execute function app.answer_touch_township();
alter table township enable always trigger township_answer_touch_delete;

-- app.answer (0033) as it was, with a county admin's county-wide version
-- the county's stamp.  (Only a county admin asks for a county-wide answer;
-- another caller's would still be told by the stamps of the townships it
-- sees, which it may read.)
create or replace function app.answer(p_view text, p_township_id bigint, p_arg text) returns json
  language plpgsql volatile set search_path = public, pg_catalog
  as $$
declare
  v_user bigint := case when app.role() in ('department', 'enterprise') then app.user_id() end;
  v_key text := p_view || case when p_view like 'daily%' or p_view = 'grid' then '/' || app.role() else '' end
                       || '/' || coalesce(p_arg, '');
  v_version text;
  v_today date := app.today();
  v_body json;
begin
  -- What the answer is computed from: the township's stamp, or the county's
  -- (read first: see 0030).
  if p_township_id is not null then
    select coalesce(sum(s.stamp), 0)::text into v_version from answer_stamp s where s.township_id = p_township_id;
  elsif app.role() = 'county_admin' then
    select 'county:' || coalesce(sum(s.stamp), 0) into v_version
      from answer_county_stamp s where s.county_id = app.county_id();
  else
    select coalesce(string_agg(t.id || ':' || s.stamp, ',' order by t.id), '') into v_version
      from unnest(app.townships()) t (id),
           lateral (select coalesce(sum(x.stamp), 0) as stamp from answer_stamp x where x.township_id = t.id) s;
  end if;
  -- As stored; else one computes, and the others asking at the same moment
  -- wait for it (the lock is the transaction's, released at its commit,
  -- when the answer is there to read) instead of all computing it at once.
  for attempt in 1 .. 2 loop
    select a.body into v_body from answer a
     where a.county_id = app.county_id() and a.township_id is not distinct from p_township_id
       and a.view = v_key and a.user_id is not distinct from v_user
       and a.version = v_version and a.day = v_today;
    if found then
      return v_body;
    end if;
    if attempt = 1 then
      perform pg_advisory_xact_lock(hashtextextended(
        concat_ws('/', 'answer', app.county_id(), p_township_id, v_key, v_user), 0));
    end if;
  end loop;
  v_body := case p_view
    when 'committee' then app.dashboard_committee(p_township_id)
    when 'supervisor' then app.dashboard_supervisor(p_township_id)
    when 'department' then app.dashboard_department(p_township_id)
    when 'enterprise' then app.dashboard_enterprise(p_township_id)
    when 'county' then app.dashboard_county(p_arg::bigint)
    when 'daily' then app.daily_report(p_township_id, p_arg::date)
    when 'daily_county' then app.daily_county(p_arg::date)
    when 'grid' then app.grid_tree(p_township_id, null, true)
  end::json;
  if v_body is null then
    return null;   -- nothing to show (and nothing stored)
  end if;
  insert into answer as a (county_id, township_id, view, user_id, version, day, body)
  values (app.county_id(), p_township_id, v_key, v_user, v_version, v_today, v_body)
  on conflict (county_id, township_id, view, user_id) do update
     set version = excluded.version, day = excluded.day, body = excluded.body, computed_at = now()
   where a.version <> excluded.version or a.day <> excluded.day;
  return v_body;
end
$$;

-- ---------------------------------------------------------------------------
-- Row-level security: a county admin reads its county's counters (a count of
-- the county's writes, which a township's users need not know).
-- ---------------------------------------------------------------------------
alter table answer_county_stamp enable row level security;
alter table answer_county_stamp force row level security;
create policy answer_county_stamp_all_owner on answer_county_stamp to safegrid_owner using (true) with check (true);
create policy answer_county_stamp_select_app on answer_county_stamp for select to safegrid_app
  using (county_id = (select app.county_id()) and (select app.role()) = 'county_admin');
grant select on answer_county_stamp to safegrid_app;
