-- 0029: the files of a supervision order's answers live on the order, and
-- the dashboards' figures have lists that count exactly them.
--
-- * An order's files (entity_type 'supervision_order') are uploaded by its
--   addressee or by the supervisor who issued it (order.attach), and read by
--   exactly those who may read the order: the attachment's read policy asks
--   the order's own row-level security.
-- * A department's queue -- the hazards of its sectors and of the
--   enterprises it is the assigned cadre of -- is written once
--   (app.queue_sector_ids, app.queue_enterprise_ids) and asked by its
--   dashboard and by the hazard list's my_scope filter alike.
-- * The committee's dashboard names the enterprise of each hazard of its
--   overdue and major lists.

-- ---------------------------------------------------------------------------
-- Supervision orders: files
-- ---------------------------------------------------------------------------
insert into app.action_role (action, role) values
  ('order.attach', 'committee'), ('order.attach', 'supervisor'), ('order.attach', 'department');

-- Whether the caller may add a file to order p_order_id: the one who
-- answers it (app.supervision_order_mine) or the supervisor who issued it.
-- Security invoker: an order the caller cannot read takes no file from it.
create function app.supervision_order_attaches(p_township_id bigint, p_order_id bigint) returns boolean
  language sql stable set search_path = public, pg_catalog
  as $$
  select (select app.may('order.attach'))
     and exists (select 1 from supervision_order o
                  where o.township_id = p_township_id and o.id = p_order_id
                    and (o.issued_by = app.user_id() or app.supervision_order_mine(o.addressee_user_id)))
$$;
grant execute on function app.supervision_order_attaches(bigint, bigint) to safegrid_app;

create policy attachment_insert_order_app on attachment as restrictive for insert to safegrid_app
  with check (entity_type <> 'supervision_order' or app.supervision_order_attaches(township_id, entity_id));

-- An order's file is read by whoever reads the order (0017's policy on
-- supervision_order decides: committee, supervisors, the county, the
-- department users who answer it; never an enterprise).
create policy attachment_select_order_app on attachment as restrictive for select to safegrid_app
  using (entity_type <> 'supervision_order' or app.supervision_order_visible(township_id, entity_id));

-- ---------------------------------------------------------------------------
-- A department's queue
-- ---------------------------------------------------------------------------
-- The sectors the caller works in, and the enterprises it is the assigned
-- cadre (包扶干部) of today; empty for anyone who is neither.  Called once
-- a statement ((select app.queue_sector_ids())), so that the hazard list
-- and the dashboard walk hazard_queue_sector and hazard_queue_enterprise.
create function app.queue_sector_ids() returns bigint[]
  language sql stable set search_path = public, pg_catalog
  as $$
  select coalesce(array_agg(s.sector_id order by s.sector_id), '{}') from user_sector s
   where s.township_id = app.township_id() and s.user_id = app.user_id()
$$;
create function app.queue_enterprise_ids() returns bigint[]
  language sql stable set search_path = public, pg_catalog
  as $$
  select coalesce(array_agg(distinct a.enterprise_id), '{}') from enterprise_assignment a
   where a.township_id = app.township_id() and a.user_id = app.user_id()
     and (a.ends_on is null or a.ends_on >= app.today())
$$;
grant execute on function app.queue_sector_ids(), app.queue_enterprise_ids() to safegrid_app;

-- The department's dashboard (0026), its queue from the two functions.
create or replace function app.dashboard_department(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with mine as (
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.sector_id = any ((select app.queue_sector_ids())::bigint[])
    union
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.enterprise_id = any ((select app.queue_enterprise_ids())::bigint[])),
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

-- ---------------------------------------------------------------------------
-- The committee's dashboard (0026): the enterprise of each listed hazard
-- ---------------------------------------------------------------------------
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
    'overdue_list', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'description', o.description,
                                                                 'deadline', o.deadline, 'severity', o.severity,
                                                                 'enterprise_id', o.enterprise_id,
                                                                 'enterprise_name', e.name)
                                               order by o.deadline, o.id)
                                from (select * from hazard
                                       where township_id = p_township_id and status in ('reported', 'rectifying')
                                         and deadline < app.today()
                                       order by deadline, id limit 20) o
                                left join enterprise e on e.township_id = o.township_id and e.id = o.enterprise_id), '[]'),
    'major_hazards', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'description', m.description,
                                                                  'status', m.status, 'deadline', m.deadline,
                                                                  'enterprise_id', m.enterprise_id,
                                                                  'enterprise_name', e.name)
                                                order by m.id)
                                 from (select * from hazard
                                        where township_id = p_township_id and severity = 'major' and status <> 'closed'
                                        order by id limit 20) m
                                 left join enterprise e on e.township_id = m.township_id and e.id = m.enterprise_id), '[]'),
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
