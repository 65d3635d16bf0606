-- The grid and tasks as the API shows them: JSON views, a subtree test, and
-- a task roll-up that reaches parents the reporting user may not edit.

-- ---------------------------------------------------------------------------
-- Grid
-- ---------------------------------------------------------------------------

-- Whether grid node p_node is p_ancestor or lies below it.
create function app.grid_node_within(p_node bigint, p_ancestor bigint) returns boolean
  language sql stable parallel safe set search_path = public, pg_catalog
  as $$
  with recursive up (id, parent_id) as (
    select g.id, g.parent_id from grid_node g where g.id = p_node
    union all
    select g.id, g.parent_id from grid_node g join up on g.id = up.parent_id)
  select exists (select 1 from up where up.id = p_ancestor)
$$;
grant execute on function app.grid_node_within(bigint, bigint) to safegrid_app;

-- jsonb, so that the tree answer can add "children" and "enterprise_count".
create view app.grid_node_json with (security_invoker = true) as
  select n.id, n.township_id, n.parent_id, n.level, n.position,
         jsonb_build_object(
           'id', n.id, 'parent_id', n.parent_id, 'level', n.level, 'kind', n.kind,
           'name', n.name, 'responsible_user_id', n.responsible_user_id,
           'position', n.position, 'version', n.version) as json
    from grid_node n;

-- ---------------------------------------------------------------------------
-- Tasks
-- ---------------------------------------------------------------------------

-- Overdue is computed here, never stored: the deadline has passed and the
-- task is neither done nor cancelled.
create view app.task_json with (security_invoker = true) as
  select t.id, t.township_id, t.campaign_id, t.parent_id, t.grid_node_id, t.group_id,
         t.assignee_user_id, t.state, t.deadline, o.overdue,
         jsonb_build_object(
           'id', t.id, 'campaign_id', t.campaign_id, 'parent_id', t.parent_id,
           'title', t.title, 'description', t.description,
           'grid_node_id', t.grid_node_id, 'group_id', t.group_id,
           'assignee_user_id', t.assignee_user_id, 'unit', t.unit, 'target', t.target,
           'progress', t.progress, 'deadline', t.deadline, 'state', t.state,
           'overdue', o.overdue,
           'children_count', (select count(*) from task c
                               where c.township_id = t.township_id and c.parent_id = t.id),
           'version', t.version, 'created_at', t.created_at, 'updated_at', t.updated_at) as json
    from task t,
         lateral (select t.deadline < app.today() and t.state not in ('done', 'cancelled')
                           as overdue) o;

grant select on app.grid_node_json, app.task_json to safegrid_app;

-- A department user reports progress on their own task, but the parents it
-- rolls up into are usually someone else's, which row-level security would
-- silently leave unchanged.  The roll-up only recomputes a sum over rows the
-- caller was allowed to change, so it runs as the owner.
alter function app.task_rollup() security definer;
