-- 0030: the dashboards and the daily report are served from answers kept
-- until something they count changes; the reminder pass skips the hazards
-- it has already reminded of (at the end).
--
-- Even reading the tallies of 0026, a dashboard costs PostgreSQL 1.5-6 ms
-- and the daily report 10 ms at scale 1 (the overdue hazards, the short
-- lists, the tasks, the orders, the not-reported groups are still read per
-- request), far from the 50 ms p95 at 64 connections the oversight issue
-- asks.  Yet the answer only changes when a township's rows change, or when
-- the day turns.  So:
--
-- * answer_stamp holds counters per township, one of which is bumped once by
--   every transaction that writes a row any dashboard or the daily report
--   reads (the tables below), by a deferred trigger: at commit, after
--   everything else, so that the row it locks is taken last (taken earlier,
--   it would wait in a circle with the tallies' rows).  Sixteen counters a
--   township, each writer bumping the one of its backend: with one, every
--   write of a township waited for the previous one's commit (the create
--   row's twin at 16 clients ran 30-40% slower).  A township's stamp is the
--   sum of its counters, which only grows.
-- * answer holds each answer as it was last computed, under its key
--   (township, or the county for a county-wide one; view; for a department
--   or enterprise user, the user), with the stamp it was computed at
--   ("version": the township's stamp, or every township's of a county-wide
--   view) and the local day.  app.answer serves it while both still hold
--   and computes it again otherwise: the stamp is read before the answer is
--   computed, so a stored answer is never older than its version.
--
-- The answers are computed by the functions of 0017 and 0026 as before, as
-- the caller (its row-level security applies); answer is under row-level
-- security too (a township's rows for its users, a user's own for a
-- department or enterprise user, the county's for the county).
-- tests/api/test_answers.py proves every served answer equal to the one
-- computed afresh after a mixed series of writes, and a stored answer of
-- another day never served.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------
create table answer_stamp (
  township_id  bigint not null references township on delete cascade,
  shard        smallint not null,   -- the writer's backend, modulo 16
  stamp        bigint not null,
  primary key (township_id, shard)
);

create table answer (
  county_id    bigint not null references county on delete cascade,
  township_id  bigint references township on delete cascade,  -- null: county-wide
  view         text not null,     -- 'committee', 'daily/<role>/<date>', 'county/<township filter>', ...
  user_id      bigint,            -- a department or enterprise user's own
  version      text not null,
  day          date not null,     -- the local day it was computed on
  body         json not null,     -- as jsonb prints it: served without printing it again
  computed_at  timestamptz not null default now(),
  constraint answer_key unique nulls not distinct (county_id, township_id, view, user_id)
);

-- ---------------------------------------------------------------------------
-- The stamp: bumped at commit by every transaction that changed what an
-- answer counts
-- ---------------------------------------------------------------------------
-- Once a transaction and township (the townships already bumped are
-- remembered in a transaction-local setting): the trigger fires per row.
create function app.answer_bump(p_township_id bigint) returns void
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  done text := coalesce(nullif(current_setting('app.answer_bumped', true), ''), ',');
begin
  if p_township_id is null or strpos(done, ',' || p_township_id || ',') > 0 then
    return;
  end if;
  insert into answer_stamp as s (township_id, shard, stamp)
  select p_township_id, pg_backend_pid() % 16, 1 where exists (select 1 from township t where t.id = p_township_id)
  on conflict (township_id, shard) do update set stamp = s.stamp + 1;
  perform set_config('app.answer_bumped', done || p_township_id || ',', true);
end
$$;
revoke execute on function app.answer_bump(bigint) from public;

-- For a table with township_id (both townships when a row moves).
create function app.answer_touch() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op <> 'INSERT' then
    perform app.answer_bump(old.township_id);
  end if;
  if tg_op <> 'DELETE' then
    perform app.answer_bump(new.township_id);
  end if;
  return null;
end
$$;

-- The township itself (its name) and a county's sectors (their names, in
-- every township's answers).
create function app.answer_touch_township() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op <> 'DELETE' then
    perform app.answer_bump(new.id);
  end if;
  return null;
end
$$;

create function app.answer_touch_county() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  t bigint;
begin
  for t in select id from township
            where county_id in (case when tg_op <> 'INSERT' then old.county_id end,
                                case when tg_op <> 'DELETE' then new.county_id end)
            order by id loop
    perform app.answer_bump(t);
  end loop;
  return null;
end
$$;

-- Every table an answer reads (the tallies follow hazard and inspection).
-- Deferred constraint triggers, always enabled (as the tallies' are: a bulk
-- write under session_replication_role = replica must not leave an answer
-- stale).
do $$
declare
  tbl text;
begin
  foreach tbl in array array['hazard', 'hazard_event', 'inspection', 'task', 'responsibility_letter',
                             'supervision_order', 'supervision_order_hazard', 'supervision_order_task',
                             'grid_node', 'user_sector', 'enterprise_assignment', 'daily_report',
                             'daily_report_read', 'working_group', 'group_member', 'campaign'] loop
    execute format('create constraint trigger %I after insert or update or delete on %I'
                   ' deferrable initially deferred for each row execute function app.answer_touch()',
                   tbl || '_answer_touch', tbl);
    execute format('alter table %I enable always trigger %I', tbl, tbl || '_answer_touch');
  end loop;
end
$$;
-- A user's name is in the supervisors' and the daily report's lists (a
-- login, which writes app_user too, changes no answer).
create constraint trigger app_user_answer_touch after insert or delete or update of display_name, township_id
  on app_user deferrable initially deferred for each row execute function app.answer_touch();
alter table app_user enable always trigger app_user_answer_touch;
create constraint trigger township_answer_touch after insert or update on township
  deferrable initially deferred for each row execute function app.answer_touch_township();
alter table township enable always trigger township_answer_touch;
create constraint trigger sector_answer_touch after insert or update or delete on sector
  deferrable initially deferred for each row execute function app.answer_touch_county();
alter table sector enable always trigger sector_answer_touch;

-- ---------------------------------------------------------------------------
-- Serving
-- ---------------------------------------------------------------------------
-- The caller's answer of p_view for p_township_id (null: county-wide):
-- 'committee', 'supervisor', 'department', 'enterprise', 'county' (p_arg
-- the township filter, or null), 'daily' (p_arg the date), 'daily_county'
-- (p_arg the date).  Served as stored when neither the stamp nor the day
-- moved since, else computed, stored and served.
create function app.answer(p_view text, p_township_id bigint, p_arg text) returns json
  language plpgsql volatile set search_path = public, pg_catalog
  as $$
declare
  v_user bigint := case when app.role() in ('department', 'enterprise') then app.user_id() end;
  v_key text := p_view || case when p_view like 'daily%' then '/' || app.role() else '' end
                       || '/' || coalesce(p_arg, '');
  v_version text;
  v_today date := app.today();
  v_body json;
begin
  -- What the answer is computed from: the township's stamp, or every
  -- township's the caller sees (read first: see above).
  if p_township_id is not null then
    select coalesce(sum(s.stamp), 0)::text into v_version from answer_stamp s where s.township_id = p_township_id;
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
grant execute on function app.answer(text, bigint, text) to safegrid_app;

-- The county's daily figures side by side (what fcgi/api/report.c asked
-- in one statement before).
create function app.daily_county(p_date date) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  select jsonb_build_object('date', p_date, 'townships', coalesce(jsonb_agg(
           jsonb_build_object('township_id', t.id, 'township_name', t.name)
           || (app.daily_figures(t.id, p_date) - 'by_sector' - 'by_grid_node')
           || jsonb_build_object('not_reported_count', jsonb_array_length(app.daily_not_reported(t.id, p_date)))
           order by t.id) filter (where t.id is not null), '[]'))
    from (select 1) one left join township t on t.id = any (app.townships())
$$;
grant execute on function app.daily_county(date) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------
alter table answer_stamp enable row level security;
alter table answer_stamp force row level security;
create policy answer_stamp_all_owner on answer_stamp to safegrid_owner using (true) with check (true);
create policy answer_stamp_select_app on answer_stamp for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]));
grant select on answer_stamp to safegrid_app;

-- A township's users read and write its answers, a department or enterprise
-- user only its own; the county its county-wide ones.
create function app.answer_visible(p_county_id bigint, p_township_id bigint, p_user_id bigint) returns boolean
  language sql stable parallel safe set search_path = public, pg_catalog
  as $$
  select case when p_township_id is null
              then p_county_id = app.county_id() and app.role() = 'county_admin'
              else p_township_id = any (app.townships()) end
         and (p_user_id = app.user_id() or (p_user_id is null and app.role() not in ('department', 'enterprise')))
$$;
grant execute on function app.answer_visible(bigint, bigint, bigint) to safegrid_app;

alter table answer enable row level security;
alter table answer force row level security;
create policy answer_all_owner on answer to safegrid_owner using (true) with check (true);
create policy answer_select_app on answer for select to safegrid_app
  using (app.answer_visible(county_id, township_id, user_id));
create policy answer_insert_app on answer for insert to safegrid_app
  with check (app.answer_visible(county_id, township_id, user_id));
create policy answer_update_app on answer for update to safegrid_app
  using (app.answer_visible(county_id, township_id, user_id))
  with check (app.answer_visible(county_id, township_id, user_id));
grant select, insert, update on answer to safegrid_app;

-- ---------------------------------------------------------------------------
-- Reminders: a pass skips the hazards already reminded of
-- ---------------------------------------------------------------------------
-- app.make_reminders (0021) called app.notify for every open hazard due
-- within 2 days or overdue within 7, on every pass, and every insert then
-- conflicted with the reminder made on the first pass: 4.6 s of PostgreSQL a
-- minute at scale 1 (4,400 such hazards), to make nothing.  Now a pass
-- notifies only the hazards owed a reminder: one of their recipients --
-- the responsible person and the enterprise's users, whom app.notify would
-- reach -- has none for this deadline yet: one set-based pass with an
-- anti-join over notification_reminder (the enterprise's users are joined
-- here as app.recipient_users (0020) names them: calling that per hazard,
-- a SQL function planned at every call, cost 1.2 ms a hazard).  What a pass
-- makes is what it made before; two passes at once still wait on the
-- advisory lock, and the unique index still refuses a second copy.
create function app.hazard_reminders_owed(p_kind text, p_from date, p_to date) returns setof bigint
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select distinct h.id
    from township t
    join hazard h on h.township_id = t.id   -- per township: hazard_overdue_by
    cross join lateral (select h.responsible_user_id
                        union all
                        select e.id from app_user e
                         where e.township_id = h.township_id and e.role = 'enterprise'
                           and e.enterprise_id = h.enterprise_id) r (user_id)
    join app_user u on u.id = r.user_id and u.active
                   and (u.township_id = h.township_id or u.role = 'county_admin')
   where h.status in ('reported', 'rectifying') and h.deadline between p_from and p_to
     and not exists (select 1 from notification n
                      where n.user_id = u.id and n.kind = p_kind and n.subject_type = 'hazard'
                        and n.subject_id = h.id and n.reminder_day = h.deadline)
$$;
revoke execute on function app.hazard_reminders_owed(text, date, date) from public;

create or replace function app.make_reminders(p_now timestamptz default now()) returns integer
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  today date := (p_now at time zone 'Asia/Shanghai')::date;
  made integer := 0;
begin
  -- One pass at a time: a second waits, then finds the first's reminders made.
  perform pg_advisory_xact_lock(hashtext('safegrid.make_reminders'));
  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_due_soon', 'hazard', h.id, '隐患即将到期',
           '隐患' || app.notify_quote(h.description) || '的整改期限为' || to_char(h.deadline, 'YYYY-MM-DD')
           || case when h.deadline = today then '，今天到期。' else '，还剩' || (h.deadline - today) || '天。' end,
           h.deadline)), 0)
    into made
    from hazard h
   where h.id in (select app.hazard_reminders_owed('hazard_due_soon', today, today + 2));

  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_overdue', 'hazard', h.id, '隐患已逾期',
           '隐患' || app.notify_quote(h.description) || '已超过整改期限' || to_char(h.deadline, 'YYYY-MM-DD')
           || '，请尽快整改。', h.deadline)), 0)
    into made
    from hazard h
   where h.id in (select app.hazard_reminders_owed('hazard_overdue', today - 7, today - 1));

  select made + coalesce(sum(app.notify(r.township_id,
           array[coalesce(r.signer_user_id, n.responsible_user_id), r.issuer_user_id],
           'letter_unsigned', 'letter', r.id, '责任书未签订',
           '「' || n.name || '」的安全生产责任书在「' || c.name || '」开始一周后仍未签订，请尽快签订。',
           c.starts_on + 7)), 0)
    into made
    from responsibility_letter r
    join campaign c on c.township_id = r.township_id and c.id = r.campaign_id
    join grid_node n on n.township_id = r.township_id and n.id = r.grid_node_id
   where r.signed_on is null and c.status = 'active' and c.starts_on + 7 <= today;

  select made + coalesce(sum(app.notify(g.township_id,
           case when g.leader_user_id is not null then array[g.leader_user_id]
                else app.recipient_users(g.township_id, 'township', g.township_id) end,
           'report_missing', 'daily_report', g.id, '今日日报未报送',
           '「' || g.name || '」截至' || to_char(t.report_cutoff, 'HH24:MI') || '尚未报送'
           || to_char(t.local_day, 'YYYY-MM-DD') || '的日报。', t.local_day)), 0)
    into made
    from (select t.id, t.report_cutoff, (p_now at time zone t.time_zone)::date as local_day
            from township t
           where t.active and (p_now at time zone t.time_zone)::time >= t.report_cutoff) t
    join working_group g on g.township_id = t.id
    join campaign c on c.township_id = g.township_id and c.id = g.campaign_id
   where c.status = 'active' and t.local_day between c.starts_on and c.ends_on
     and not exists (select 1 from daily_report d where d.township_id = g.township_id
                        and d.report_date = t.local_day and d.group_id = g.id);
  return made;
end
$$;
