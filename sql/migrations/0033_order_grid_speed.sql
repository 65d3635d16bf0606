-- 0033: what the supervision orders list and the grid with counts cost
-- PostgreSQL (issue 18).
--
-- * The grid with counts (GET /grid?with=counts) is served by app.answer
--   (0030) as last computed, until a write changes what it counts or the
--   day turns (overdue is counted against the day): computing it reads
--   the township's 1,000 enterprises, its open hazards' tallies and its
--   ~1,000 overdue hazards, 1.6 ms for an answer that changes with a
--   write.  The tree's statement moves here from fcgi/api/grid.c
--   (app.grid_tree: the one home of the grid's shape, for the tree without
--   counts and for a subtree too).  An answer is kept per role (the
--   department's and the enterprise's per user, as app.answer keys them):
--   what the caller's row-level security shows decides the counts.  A
--   grid counts enterprises, which no earlier answer did: an enterprise
--   written now bumps its township's stamp like the other tables.
-- * An order's hazards, tasks and events were visible through
--   app.supervision_order_visible, an SQL function whose body (an EXISTS
--   over supervision_order) cannot be inlined: called once for every link
--   row, ~17 us each, a quarter of the orders list's time.  The policies now
--   hold the same EXISTS themselves, which PostgreSQL plans with the
--   statement: a link is visible when its order is, as before, and who sees
--   an order is still decided by supervision_order's policy alone.

-- ---------------------------------------------------------------------------
-- The grid tree
-- ---------------------------------------------------------------------------
-- The township's whole tree (p_township_id, p_node_id null) or the subtree
-- of node p_node_id, as nested JSON, under the caller's row-level security;
-- null if the caller sees no such tree.  With p_counts every node also
-- carries the number of enterprises anywhere below it, and of open hazards
-- and overdue ones (open, deadline passed), counted first per node (the
-- enterprises, the open hazards' tally hazard_tally of 0026, the overdue
-- ones by an index-only scan of hazard_overdue_by), then summed up the tree
-- through a closure (ancestor, descendant-or-self).  The tree has three
-- levels, so the nesting is written out three deep.  plpgsql, so that the
-- statement is planned once a session (0031).
create function app.grid_tree(p_township_id bigint, p_node_id bigint, p_counts boolean) returns jsonb
  language plpgsql stable set search_path = public, pg_catalog
  as $$
begin
  return (
    with recursive
     town as (select coalesce(p_township_id, (select g.township_id from grid_node g
                                            where g.id = p_node_id)) as id),
     nodes as (select j.id, j.parent_id, j.position, j.json
                 from app.grid_node_json j, town where j.township_id = town.id),
     closure (ancestor, id) as (
       select id, id from nodes where p_counts
       union all
       select c.ancestor, n.id from closure c join nodes n on n.parent_id = c.id),
     per_node as (
       select x.grid_node_id as id, sum(x.enterprises)::bigint as enterprises,
              sum(x.open)::bigint as open, sum(x.overdue)::bigint as overdue
         from (select e.grid_node_id, count(*) as enterprises, 0 as open, 0 as overdue
                 from enterprise e, town
                where e.township_id = town.id and p_counts group by e.grid_node_id
               union all
               select t.grid_node_id, 0, sum(t.n), 0 from hazard_tally t, town
                where t.township_id = town.id and t.status in ('reported', 'rectifying')
                  and p_counts group by t.grid_node_id
               union all
               select h.grid_node_id, 0, 0, count(*) from hazard h, town
                where h.township_id = town.id and h.status in ('reported', 'rectifying')
                  and h.deadline < (select app.today()) and p_counts
                group by h.grid_node_id) x
        group by x.grid_node_id),
     rolled as (
       select c.ancestor as id, sum(p.enterprises) as enterprise_count,
              sum(p.open) as open_count, sum(p.overdue) as overdue_count
         from closure c join per_node p on p.id = c.id group by c.ancestor),
     shaped as (
       select n.id, n.parent_id, n.position,
              n.json || case when p_counts
                             then jsonb_build_object('enterprise_count', coalesce(k.enterprise_count, 0),
                                                     'open_hazard_count', coalesce(k.open_count, 0),
                                                     'overdue_hazard_count', coalesce(k.overdue_count, 0))
                             else '{}' end as json
         from nodes n left join rolled k on k.id = n.id)
    select r.json || jsonb_build_object('children', coalesce((
             select jsonb_agg(a.json || jsonb_build_object('children', coalesce((
                      select jsonb_agg(v.json || '{"children": []}' order by v.position, v.id)
                        from shaped v where v.parent_id = a.id), '[]'))
                    order by a.position, a.id)
               from shaped a where a.parent_id = r.id), '[]'))
      from shaped r
     where case when p_node_id is null then r.parent_id is null else r.id = p_node_id end);
end
$$;
grant execute on function app.grid_tree(bigint, bigint, boolean) to safegrid_app;

-- app.answer (0030) as it was, with the grid ('grid', keyed by the
-- caller's role as the daily report's answers are).
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

-- An enterprise's township's answers change with it (the grid's counts).
create constraint trigger enterprise_answer_touch after insert or update or delete on enterprise
  deferrable initially deferred for each row execute function app.answer_touch();
alter table enterprise enable always trigger enterprise_answer_touch;

-- ---------------------------------------------------------------------------
-- Supervision orders: a link is visible when its order is
-- ---------------------------------------------------------------------------
drop policy supervision_order_hazard_select_app on supervision_order_hazard;
create policy supervision_order_hazard_select_app on supervision_order_hazard for select to safegrid_app
  using (exists (select 1 from supervision_order o
                  where o.township_id = supervision_order_hazard.township_id
                    and o.id = supervision_order_hazard.order_id));
drop policy supervision_order_task_select_app on supervision_order_task;
create policy supervision_order_task_select_app on supervision_order_task for select to safegrid_app
  using (exists (select 1 from supervision_order o
                  where o.township_id = supervision_order_task.township_id
                    and o.id = supervision_order_task.order_id));
drop policy supervision_order_event_select_app on supervision_order_event;
create policy supervision_order_event_select_app on supervision_order_event for select to safegrid_app
  using (exists (select 1 from supervision_order o
                  where o.township_id = supervision_order_event.township_id
                    and o.id = supervision_order_event.order_id));


