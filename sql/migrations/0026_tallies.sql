-- 0026: the dashboards, the daily report and the grid's counts read tallies
-- kept by the writes, instead of counting a township's hazards on every
-- request.
--
-- At scale 1 a township holds 50,000 hazards and 10,000 inspections; the
-- committee's dashboard, the county's and the daily report read them all (or
-- all the open ones) per request, which puts their p95 far above 50 ms at 64
-- connections.  Now:
--
-- * hazard_tally counts the hazards per township, status, sector, grid node
--   and severity (a few hundred rows a township).
-- * hazard_due_count counts them per township, status and -- for the ones
--   that can be overdue (reported, rectifying) -- deadline.  Overdue is
--   worked out when it is read, as the open ones whose deadline is before
--   today: nothing has to happen at midnight, so there is no job that could
--   be missed.  (Per sector, grid node or person the overdue hazards -- about
--   2% of a township's -- are counted from hazard_overdue_by, an index
--   holding just them and those columns: one index-only scan.)
-- * hazard_day counts the hazards found (created_at) and closed (closed_at)
--   per township, day (Asia/Shanghai), sector and grid node: the trends and
--   the daily report's found/closed.
-- * inspected_enterprise counts each enterprise's submitted inspections and
--   township_tally how many of a township's enterprises have one.
--
-- Each is changed by a statement trigger in the same transaction as the
-- write (insert, update of any column, delete), from the statement's
-- transition tables: one upsert per key the statement touched, taken in key
-- order so that two writers never wait on each other in a circle.  The
-- changes add up in any order: a statement nested in another (a function
-- that inserts hazards and then moves them) may have its trigger fire before
-- the outer one's, so a count may pass below zero inside a transaction, and
-- a township's count of inspected enterprises adds each enterprise's step
-- across zero, which sums to the right figure whatever the order.
-- tests/api/test_tallies.py proves every tally equal to the same figure
-- counted from the rows after a mixed series of writes.  The tallies are written only by these security-definer
-- triggers; the app reads them under row-level security: a township's
-- users other than an enterprise's (who see only their own hazards, so
-- their figures are still counted from the rows) and the county.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------
create table hazard_tally (
  township_id   bigint not null references township on delete cascade,
  sector_id     bigint not null,
  grid_node_id  bigint,
  status        text not null,
  severity      text not null,
  n             integer not null,
  constraint hazard_tally_key
    unique nulls not distinct (township_id, status, sector_id, grid_node_id, severity)
);

create table hazard_due_count (
  township_id   bigint not null references township on delete cascade,
  status        text not null,
  deadline      date,          -- only while reported or rectifying (overdue-able)
  n             integer not null,
  constraint hazard_due_count_key unique nulls not distinct (township_id, status, deadline)
);

create table hazard_day (
  township_id   bigint not null references township on delete cascade,
  day           date not null,
  sector_id     bigint not null,
  grid_node_id  bigint,
  found         integer not null,
  closed        integer not null,
  constraint hazard_day_key unique nulls not distinct (township_id, day, sector_id, grid_node_id)
);

create table inspected_enterprise (
  township_id    bigint not null references township on delete cascade,
  enterprise_id  bigint not null,
  inspections    integer not null,
  primary key (township_id, enterprise_id)
);

create table township_tally (
  township_id            bigint primary key references township on delete cascade,
  inspected_enterprises  integer not null
);

-- ---------------------------------------------------------------------------
-- The triggers
-- ---------------------------------------------------------------------------
-- The deadline in hazard_due_count's key.
create function app.hazard_due_deadline(p_status text, p_deadline date) returns date
  language sql immutable parallel safe
  as $$ select case when p_status in ('reported', 'rectifying') then p_deadline end $$;

-- A statement's change: one row a hazard's old version (n -1) or new one
-- (n +1); an update's unchanged keys cancel out.
create type app.hazard_delta as (
  township_id bigint, sector_id bigint, grid_node_id bigint, status text, severity text,
  deadline date, created_at timestamptz, closed_at timestamptz, n integer);

create function app.hazard_tallies_apply(p_delta app.hazard_delta[]) returns void
  -- plpgsql, so that its statements are planned once a session, not at every call
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  insert into hazard_tally as t (township_id, status, sector_id, grid_node_id, severity, n)
  select township_id, status, sector_id, grid_node_id, severity, sum(n)
    from unnest(p_delta)
   group by 1, 2, 3, 4, 5
  having sum(n) <> 0
   order by 1, 2, 3, 4, 5
  on conflict (township_id, status, sector_id, grid_node_id, severity)
  do update set n = t.n + excluded.n;

  insert into hazard_due_count as t (township_id, status, deadline, n)
  select township_id, status, app.hazard_due_deadline(status, deadline), sum(n)
    from unnest(p_delta)
   group by 1, 2, 3
  having sum(n) <> 0
   order by 1, 2, 3
  on conflict (township_id, status, deadline)
  do update set n = t.n + excluded.n;

  insert into hazard_day as t (township_id, day, sector_id, grid_node_id, found, closed)
  select d.township_id, d.day, d.sector_id, d.grid_node_id, sum(d.found), sum(d.closed)
    from (select township_id, (created_at at time zone 'Asia/Shanghai')::date as day,
                 sector_id, grid_node_id, n as found, 0 as closed
            from unnest(p_delta)
          union all
          select township_id, (closed_at at time zone 'Asia/Shanghai')::date,
                 sector_id, grid_node_id, 0, n
            from unnest(p_delta) where closed_at is not null) d
   group by 1, 2, 3, 4
  having sum(d.found) <> 0 or sum(d.closed) <> 0
   order by 1, 2, 3, 4
  on conflict (township_id, day, sector_id, grid_node_id)
  do update set found = t.found + excluded.found, closed = t.closed + excluded.closed;
end
$$;

create function app.hazard_tallies_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, 1)::app.hazard_delta from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, -1)::app.hazard_delta from old_rows));
  else
    -- Only the rows whose key moved (a transition, an extension, a move).
    perform app.hazard_tallies_apply(array(
      select d from old_rows o join new_rows w on w.id = o.id,
             lateral (values (row(o.township_id, o.sector_id, o.grid_node_id, o.status, o.severity, o.deadline,
                                  o.created_at, o.closed_at, -1)::app.hazard_delta),
                             (row(w.township_id, w.sector_id, w.grid_node_id, w.status, w.severity, w.deadline,
                                  w.created_at, w.closed_at, 1)::app.hazard_delta)) v (d)
       where (o.township_id, o.sector_id, o.grid_node_id, o.status, o.severity, o.deadline, o.created_at, o.closed_at)
             is distinct from
             (w.township_id, w.sector_id, w.grid_node_id, w.status, w.severity, w.deadline, w.created_at, w.closed_at)));
  end if;
  return null;
end
$$;

create trigger hazard_tallies_insert after insert on hazard
  referencing new table as new_rows
  for each statement execute function app.hazard_tallies_change();
create trigger hazard_tallies_update after update on hazard
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.hazard_tallies_change();
create trigger hazard_tallies_delete after delete on hazard
  referencing old table as old_rows
  for each statement execute function app.hazard_tallies_change();

-- The submitted inspections per enterprise, and per township how many of
-- its enterprises have one (that count moves when an enterprise's crosses
-- from none to some, or back).
create type app.inspection_delta as (township_id bigint, enterprise_id bigint, n integer);

create function app.inspection_tallies_apply(p_delta app.inspection_delta[]) returns void
  -- plpgsql, so that its statements are planned once a session, not at every call
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  with d as (
    select township_id, enterprise_id, sum(n)::integer as n from unnest(p_delta)
     group by 1, 2 having sum(n) <> 0),
  moved as (
    insert into inspected_enterprise as t (township_id, enterprise_id, inspections)
    select township_id, enterprise_id, n from d order by 1, 2
    on conflict (township_id, enterprise_id) do update set inspections = t.inspections + excluded.inspections
    returning t.township_id, t.enterprise_id, t.inspections),
  per as (
    select m.township_id,
           count(*) filter (where m.inspections - d.n <= 0 and m.inspections > 0)
           - count(*) filter (where m.inspections - d.n > 0 and m.inspections <= 0) as n
      from moved m join d using (township_id, enterprise_id) group by 1)
  insert into township_tally as t (township_id, inspected_enterprises)
  select township_id, n from per where n <> 0 order by 1
  on conflict (township_id) do update set inspected_enterprises = t.inspected_enterprises + excluded.inspected_enterprises;
end
$$;

create function app.inspection_tallies_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, 1)::app.inspection_delta from new_rows where status = 'submitted'));
  elsif tg_op = 'DELETE' then
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, -1)::app.inspection_delta from old_rows where status = 'submitted'));
  else
    perform app.inspection_tallies_apply(array(
      select d from old_rows o join new_rows w on w.id = o.id,
             lateral (values (row(o.township_id, o.enterprise_id, case when o.status = 'submitted' then -1 else 0 end)::app.inspection_delta),
                             (row(w.township_id, w.enterprise_id, case when w.status = 'submitted' then 1 else 0 end)::app.inspection_delta)) v (d)
       where (o.township_id, o.enterprise_id, o.status) is distinct from (w.township_id, w.enterprise_id, w.status)));
  end if;
  return null;
end
$$;

create trigger inspection_tallies_insert after insert on inspection
  referencing new table as new_rows
  for each statement execute function app.inspection_tallies_change();
create trigger inspection_tallies_update after update on inspection
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.inspection_tallies_change();
create trigger inspection_tallies_delete after delete on inspection
  referencing old table as old_rows
  for each statement execute function app.inspection_tallies_change();

-- Always, even under session_replication_role = replica (which the tests'
-- and bulk loads use to write around the audit and guard triggers): a write
-- the tallies did not see would make them wrong for good.  (ALTER TABLE ...
-- ENABLE TRIGGER USER turns these back to ordinary ones; whoever disables
-- them must count the tallies again: app.tallies_rebuild.)
alter table hazard enable always trigger hazard_tallies_insert;
alter table hazard enable always trigger hazard_tallies_update;
alter table hazard enable always trigger hazard_tallies_delete;
alter table inspection enable always trigger inspection_tallies_insert;
alter table inspection enable always trigger inspection_tallies_update;
alter table inspection enable always trigger inspection_tallies_delete;

-- Every tally counted again from the rows: filling them here, and after a
-- bulk load with the triggers off (sql/bench/seed.sql, the benchmark's
-- pools).  Owner only.
create function app.tallies_rebuild() returns void
  language sql security definer set search_path = public, pg_catalog
  as $$
  delete from hazard_tally;
  delete from hazard_due_count;
  delete from hazard_day;
  delete from inspected_enterprise;
  delete from township_tally;
  select app.hazard_tallies_apply(array(
    select row(township_id, sector_id, grid_node_id, status, severity, deadline,
               created_at, closed_at, 1)::app.hazard_delta from hazard));
  select app.inspection_tallies_apply(array(
    select row(township_id, enterprise_id, 1)::app.inspection_delta from inspection
     where status = 'submitted'));
$$;
revoke execute on function app.tallies_rebuild() from public;
select app.tallies_rebuild();

-- ---------------------------------------------------------------------------
-- Row-level security: written by the triggers above (as the owner), read by
-- the users who see all of a township's hazards.
-- ---------------------------------------------------------------------------
alter table hazard_tally enable row level security;
alter table hazard_tally force row level security;
alter table hazard_due_count enable row level security;
alter table hazard_due_count force row level security;
alter table hazard_day enable row level security;
alter table hazard_day force row level security;
alter table inspected_enterprise enable row level security;
alter table inspected_enterprise force row level security;
alter table township_tally enable row level security;
alter table township_tally force row level security;
create policy hazard_tally_all_owner on hazard_tally to safegrid_owner using (true) with check (true);
create policy hazard_tally_select_app on hazard_tally for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy hazard_due_count_all_owner on hazard_due_count to safegrid_owner using (true) with check (true);
create policy hazard_due_count_select_app on hazard_due_count for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy hazard_day_all_owner on hazard_day to safegrid_owner using (true) with check (true);
create policy hazard_day_select_app on hazard_day for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy inspected_enterprise_all_owner on inspected_enterprise to safegrid_owner using (true) with check (true);
create policy inspected_enterprise_select_app on inspected_enterprise for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy township_tally_all_owner on township_tally to safegrid_owner using (true) with check (true);
create policy township_tally_select_app on township_tally for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
grant select on hazard_tally, hazard_due_count, hazard_day, inspected_enterprise, township_tally to safegrid_app;

-- The hazards the committee's dashboard lists (the twenty oldest-due
-- overdue ones walk hazard_deadline): its open major ones, by id.
create index hazard_major_open on hazard (township_id, id) where severity = 'major' and status <> 'closed';
-- The hazards that can be overdue, by deadline, with what they are counted
-- by: the overdue ones per sector, grid node and responsible person are one
-- index-only scan (deadline < today; enterprise_id for the row-level
-- security policy's condition).
create index hazard_overdue_by on hazard (township_id, deadline)
  include (sector_id, grid_node_id, responsible_user_id, enterprise_id)
  where status in ('reported', 'rectifying');

-- ---------------------------------------------------------------------------
-- The readers
-- ---------------------------------------------------------------------------
-- The daily report's figures (0017), from the tallies.  A hazard is open at
-- the end of day D when it was made before D ended and not closed by then;
-- that is: open now (the tally), less the open ones made after D, plus the
-- ones closed after D that were made before.  So only the hazards made on
-- the day or later and closed since the day before are read as rows --
-- for today, a day's activity -- and the figures, and which sectors and grid
-- nodes appear (those with a hazard open now and made by the day's end, or
-- closed since the day before began), are exactly those of 0017's count.
-- The open ones overdue at the day's end come from hazard_overdue_by.
create or replace function app.daily_figures(p_township_id bigint, p_date date) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with b as (select (p_date - 1)::timestamp at time zone 'Asia/Shanghai' as d_before,
                    p_date::timestamp at time zone 'Asia/Shanghai' as d0,
                    (p_date + 1)::timestamp at time zone 'Asia/Shanghai' as d1),
  -- Weighted rows: open, overdue and the membership m of a sector or grid
  -- node at the end of the day and of the day before; found and closed.
  h (sector_id, grid_node_id, found, found_before, closed, closed_before,
     open, open_before, overdue, overdue_before, m) as (
    select t.sector_id, t.grid_node_id, 0, 0, 0, 0, t.n, t.n, 0, 0, t.n
      from hazard_tally t
     where t.township_id = p_township_id and t.status in ('reported', 'rectifying', 'submitted') and t.n > 0
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0, 0, 0, 1, (h.deadline < p_date - 1)::int, 0
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying') and h.deadline < p_date
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0,
           -(h.created_at >= b.d1)::int, -1,
           -(h.created_at >= b.d1 and x.late)::int, -(x.late_before)::int,
           -(h.created_at >= b.d1)::int
      from hazard h, b,
           lateral (select h.status <> 'submitted' and coalesce(h.deadline < p_date, false) as late,
                           h.status <> 'submitted' and coalesce(h.deadline < p_date - 1, false) as late_before) x
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.created_at >= b.d0
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0, o.open::int, o.open_before::int,
           (o.open and coalesce(h.deadline < p_date, false))::int,
           (o.open_before and coalesce(h.deadline < p_date - 1, false))::int,
           (h.created_at < b.d1)::int
      from hazard h, b,
           lateral (select h.closed_at >= b.d1 and h.created_at < b.d1 as open,
                           h.closed_at >= b.d0 and h.created_at < b.d0 as open_before) o
     where h.township_id = p_township_id and h.closed_at >= b.d_before
    union all
    select d.sector_id, d.grid_node_id,
           case when d.day = p_date then d.found else 0 end, case when d.day < p_date then d.found else 0 end,
           case when d.day = p_date then d.closed else 0 end, case when d.day < p_date then d.closed else 0 end,
           0, 0, 0, 0, 0
      from hazard_day d
     where d.township_id = p_township_id and d.day in (p_date - 1, p_date)),
  g as (
    select grouping(sector_id) = 0 as by_sector, grouping(grid_node_id) = 0 as by_grid,
           sector_id, grid_node_id,
           sum(found) as found, sum(found_before) as found_before,
           sum(closed) as closed, sum(closed_before) as closed_before,
           sum(open) as open, sum(open_before) as open_before,
           sum(overdue) as overdue, sum(overdue_before) as overdue_before
      from h group by grouping sets ((), (sector_id), (grid_node_id))
    having grouping(sector_id) + grouping(grid_node_id) = 2 or sum(m) > 0),
  f as (
    select g.*, jsonb_build_object(
             'found', found, 'closed', closed, 'open', open, 'overdue', overdue,
             'change', jsonb_build_object('found', found - found_before, 'closed', closed - closed_before,
                                          'open', open - open_before, 'overdue', overdue - overdue_before)) as j
      from g)
  select jsonb_build_object(
    'totals', coalesce((select j from f where not by_sector and not by_grid),
                       jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0,
                                          'change', jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0))),
    'by_sector', coalesce((select jsonb_agg(f.j || jsonb_build_object('sector_id', f.sector_id, 'sector_name', s.name)
                                            order by f.sector_id)
                             from f join sector s on s.id = f.sector_id where f.by_sector), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(f.j || jsonb_build_object('grid_node_id', f.grid_node_id,
                                                                         'grid_node_name', n.name)
                                               order by f.grid_node_id nulls first)
                                from f left join grid_node n on n.township_id = p_township_id and n.id = f.grid_node_id
                               where f.by_grid), '[]'))
$$;

-- The committee (0017), from the tallies: the counts by status, sector and
-- grid node, and the trend; the overdue ones by hazard_overdue_by, the two
-- short lists by their indexes.
create or replace function app.dashboard_committee(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with h as materialized (
    select sector_id, grid_node_id, status, severity, n
      from hazard_tally where township_id = p_township_id and n > 0),
  late as materialized (
    select sector_id, grid_node_id from hazard
     where township_id = p_township_id and status in ('reported', 'rectifying') and deadline < app.today()),
  total as (
    select coalesce(sum(n), 0) as total,
           coalesce(sum(n) filter (where status = 'reported'), 0) as reported,
           coalesce(sum(n) filter (where status = 'rectifying'), 0) as rectifying,
           coalesce(sum(n) filter (where status = 'submitted'), 0) as submitted,
           coalesce(sum(n) filter (where status = 'closed'), 0) as closed,
           (select count(*) from late) as overdue,
           coalesce(sum(n) filter (where severity = 'major' and status <> 'closed'), 0) as major_open
      from h),
  days as (select (app.today() - n)::date as day from generate_series(0, 13) n),
  trend as (select day, sum(found) as found, sum(closed) as closed from hazard_day
             where township_id = p_township_id and day > app.today() - 14 group by day)
  select jsonb_build_object(
    'role', 'committee', 'township_id', p_township_id, 'today', app.today(),
    'hazards', (select jsonb_build_object(
                  'total', total,
                  'by_status', jsonb_build_object('reported', reported, 'rectifying', rectifying,
                                                  'submitted', submitted, 'closed', closed),
                  'overdue', overdue, 'major_open', major_open,
                  'rectification_rate', case when total = 0 then null else round(closed::numeric / total, 4) end)
                  from total),
    'by_sector', coalesce((select jsonb_agg(jsonb_build_object('sector_id', s.id, 'sector_name', s.name,
                                                              'total', x.total, 'open', x.open,
                                                              'overdue', coalesce(l.n, 0))
                                            order by s.id)
                             from (select sector_id, sum(n) as total,
                                          coalesce(sum(n) filter (where status <> 'closed'), 0) as open
                                     from h group by sector_id) x join sector s on s.id = x.sector_id
                             left join (select sector_id, count(*) as n from late group by sector_id) l
                               on l.sector_id = x.sector_id), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(jsonb_build_object('grid_node_id', x.grid_node_id, 'grid_node_name', n.name,
                                                                 'total', x.total, 'open', x.open,
                                                                 'overdue', coalesce(l.n, 0))
                                               order by x.grid_node_id nulls first)
                                from (select grid_node_id, sum(n) as total,
                                             coalesce(sum(n) filter (where status <> 'closed'), 0) as open
                                        from h group by grid_node_id) x
                                left join grid_node n on n.township_id = p_township_id and n.id = x.grid_node_id
                                left join (select grid_node_id, count(*) as n from late group by grid_node_id) l
                                  on l.grid_node_id is not distinct from x.grid_node_id), '[]'),
    'overdue_list', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'description', description, 'deadline', deadline,
                                                                 'severity', severity, 'enterprise_id', enterprise_id)
                                               order by deadline, id)
                                from (select * from hazard
                                       where township_id = p_township_id and status in ('reported', 'rectifying')
                                         and deadline < app.today()
                                       order by deadline, id limit 20) o), '[]'),
    'major_hazards', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'description', description, 'status', status,
                                                                  'deadline', deadline, 'enterprise_id', enterprise_id)
                                                order by id)
                                 from (select * from hazard
                                        where township_id = p_township_id and severity = 'major' and status <> 'closed'
                                        order by id limit 20) m), '[]'),
    'tasks', (select jsonb_build_object(
                       'total', count(*),
                       'by_state', jsonb_build_object('open', count(*) filter (where state = 'open'),
                                                      'in_progress', count(*) filter (where state = 'in_progress'),
                                                      'done', count(*) filter (where state = 'done'),
                                                      'cancelled', count(*) filter (where state = 'cancelled')),
                       'overdue', count(*) filter (where deadline < app.today() and state not in ('done', 'cancelled')),
                       'progress', coalesce(sum(least(progress, target)) filter (where parent_id is null), 0),
                       'target', coalesce(sum(target) filter (where parent_id is null), 0))
                from task where township_id = p_township_id),
    'unsigned_letters', (select count(*) from responsibility_letter
                          where township_id = p_township_id and signed_on is null),
    'trend', (select jsonb_agg(jsonb_build_object('date', d.day, 'new', coalesce(t.found, 0), 'closed', coalesce(t.closed, 0))
                               order by d.day)
                from days d left join trend t on t.day = d.day))
$$;

-- The supervisors (0017): the overdue hazards per grid node and person from
-- hazard_overdue_by (an index-only scan).
create or replace function app.dashboard_supervisor(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with late as materialized (
    select h.grid_node_id, h.responsible_user_id from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying') and h.deadline < app.today()),
  late_tasks as (select t.id, t.grid_node_id, t.assignee_user_id from task t
                  where t.township_id = p_township_id and t.deadline < app.today()
                    and t.state not in ('done', 'cancelled')),
  units as (select grid_node_id, count(*) filter (where kind = 'hazard') as hazards,
                   count(*) filter (where kind = 'task') as tasks, count(*) as total
              from (select grid_node_id, 'hazard' as kind from late
                    union all select grid_node_id, 'task' from late_tasks) u
             group by grid_node_id),
  people as (select user_id, count(*) filter (where kind = 'hazard') as hazards,
                    count(*) filter (where kind = 'task') as tasks, count(*) as total
               from (select responsible_user_id as user_id, 'hazard' as kind from late
                     union all select assignee_user_id, 'task' from late_tasks) p
              group by user_id)
  select jsonb_build_object(
    'role', 'supervisor', 'township_id', p_township_id, 'today', app.today(),
    'overdue_hazards', (select count(*) from late),
    'overdue_tasks', (select count(*) from late_tasks),
    'units_ranked', coalesce((select jsonb_agg(jsonb_build_object('rank', rnk, 'grid_node_id', grid_node_id,
                                                                 'grid_node_name', name, 'overdue_hazards', hazards,
                                                                 'overdue_tasks', tasks, 'overdue', total)
                                               order by rnk, grid_node_id nulls first)
                                from (select u.*, n.name, rank() over (order by u.total desc) as rnk
                                        from units u left join grid_node n
                                          on n.township_id = p_township_id and n.id = u.grid_node_id) r), '[]'),
    'people', coalesce((select jsonb_agg(jsonb_build_object('user_id', p.user_id, 'name', u.display_name,
                                                           'overdue_hazards', p.hazards, 'overdue_tasks', p.tasks)
                                         order by p.total desc, p.user_id nulls first)
                          from people p left join app_user u on u.township_id = p_township_id and u.id = p.user_id), '[]'),
    'orders', (select jsonb_build_object(
                        'open', count(*) filter (where state <> 'closed'),
                        'overdue', count(*) filter (where state <> 'closed' and deadline < app.today()),
                        'by_state', jsonb_build_object('issued', count(*) filter (where state = 'issued'),
                                                       'answered', count(*) filter (where state = 'answered'),
                                                       'rejected', count(*) filter (where state = 'rejected'),
                                                       'escalated', count(*) filter (where state = 'escalated'),
                                                       'closed', count(*) filter (where state = 'closed')))
                 from supervision_order where township_id = p_township_id))
$$;

-- The county (0017): every township's figures from hazard_due_count and
-- township_tally, so the county-wide view reads no township's rows.
create or replace function app.dashboard_county(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with t as (select t.id, t.name from township t
              where t.id = any (app.townships()) and (p_township_id is null or t.id = p_township_id)),
  f as (
    select t.id, t.name,
           coalesce((select x.inspected_enterprises from township_tally x where x.township_id = t.id), 0)
             as inspected_enterprises,
           x.found, x.closed, x.overdue,
           (select count(*) from supervision_order o where o.township_id = t.id and o.state <> 'closed') as orders_open,
           (select count(*) from supervision_order o
             where o.township_id = t.id and o.state <> 'closed' and o.deadline < app.today()) as orders_overdue
      from t, lateral (select coalesce(sum(h.n), 0) as found,
                              coalesce(sum(h.n) filter (where h.status = 'closed'), 0) as closed,
                              coalesce(sum(h.n) filter (where app.hazard_overdue(h.status, h.deadline)), 0) as overdue
                         from hazard_due_count h where h.township_id = t.id) x),
  r as (select f.*, case when found = 0 then null else round(closed::numeric / found, 4) end as rate from f)
  select jsonb_build_object(
    'role', 'county_admin', 'today', app.today(),
    'townships', coalesce((select jsonb_agg(jsonb_build_object(
                              'rank', rnk, 'township_id', id, 'township_name', name,
                              'inspected_enterprises', inspected_enterprises, 'hazards_found', found,
                              'hazards_closed', closed, 'rectification_rate', rate, 'overdue', overdue,
                              'orders_open', orders_open, 'orders_overdue', orders_overdue)
                            order by rnk, id)
                             from (select r.*, rank() over (order by rate desc nulls last, overdue) as rnk from r) ranked), '[]'))
$$;

-- A department user's queue (0017): its sectors' hazards and its assigned
-- enterprises' as two index walks (hazard_queue_sector, _enterprise)
-- instead of one pass over every open hazard of the township with both
-- conditions (3,244 rows at scale 1 for a cadre of 8 enterprises' 33).
create index hazard_queue_sector on hazard (township_id, sector_id)
  where status in ('reported', 'rectifying', 'submitted');
create index hazard_queue_enterprise on hazard (township_id, enterprise_id)
  where status in ('reported', 'rectifying', 'submitted');
create or replace function app.dashboard_department(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with mine as (
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.sector_id in (select s.sector_id from user_sector s
                            where s.township_id = p_township_id and s.user_id = app.user_id())
    union
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.enterprise_id in (select a.enterprise_id from enterprise_assignment a
                                where a.township_id = p_township_id and a.user_id = app.user_id()
                                  and (a.ends_on is null or a.ends_on >= app.today()))),
  pick as (select m.*, case when status = 'submitted' then 'to_verify'
                            when overdue then 'overdue'
                            when deadline between app.today() and app.today() + 3 then 'due_soon' end as bucket
             from mine m)
  select jsonb_build_object(
    'role', 'department', 'township_id', p_township_id, 'today', app.today(),
    'open', (select count(*) from mine),
    'to_verify', (select count(*) from pick where bucket = 'to_verify'),
    'due_soon', (select count(*) from pick where bucket = 'due_soon'),
    'overdue', (select count(*) from pick where bucket = 'overdue'),
    'queue', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'bucket', bucket, 'status', status,
                                                          'deadline', deadline, 'description', description,
                                                          'enterprise_id', enterprise_id)
                                        order by bucket, deadline nulls last, id)
                         from (select * from pick where bucket is not null
                                order by bucket, deadline nulls last, id limit 50) q), '[]'),
    'tasks', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'title', t.title, 'state', t.state,
                                                          'progress', t.progress, 'target', t.target,
                                                          'deadline', t.deadline,
                                                          'overdue', t.deadline < app.today()
                                                                     and t.state not in ('done', 'cancelled'))
                                        order by t.deadline, t.id)
                         from task t where t.township_id = p_township_id and t.assignee_user_id = app.user_id()
                                       and t.state not in ('done', 'cancelled')), '[]'),
    'orders', coalesce((select jsonb_agg(o.json order by o.deadline, o.id)
                          from app.supervision_order_json o
                         where o.township_id = p_township_id and o.state <> 'closed'
                           and app.supervision_order_mine(o.addressee_user_id)), '[]'))
$$;
