-- 0042: a grid node's subtree, kept by the grid's writes.
--
-- The lists' grid_node_id filter (hazards, enterprises: "this node and every
-- node below it") worked the subtree out in each request: the node's
-- township and level by its key, twice, then the township's nodes whose
-- parent it is -- at scale 1 a sequential scan of the county's 340 nodes,
-- each tested against the policy, some 35-47 µs of the filtered hazard list's
-- PostgreSQL time for an answer that changes only when the grid does.  So:
--
-- * grid_subtree holds, for every node, the ids of the node and of every
--   node below it.  The tree has three levels (0003's level guard): below the
--   township's root is all of its grid, below a level-2 node its children,
--   below a level-3 node nothing.
-- * app.grid_subtrees_computed() is the one definition of a subtree; the
--   lists read the stored one by the node's key (sqlbuf.h
--   SQLBUF_GRID_SUBTREE), and tests/api/test_grid_subtrees.py proves every
--   stored subtree equal to the computed one after a mixed series of the
--   grid's writes.
-- * A township's subtrees are written again in the same transaction as
--   every insert, update or delete of its nodes (statement triggers; a
--   township has a few dozen nodes, and only the rows that differ are
--   written).  Enabled ALWAYS, as the cards' triggers.
-- * Who reads a subtree is who reads its node: the policy asks grid_node's.

-- No foreign key: a subtree follows its node by the triggers below (see 0032).
create table grid_subtree (
  node_id      bigint primary key,
  township_id  bigint not null,
  ids          bigint[] not null    -- the node and the nodes below it, in id order
);

-- Every node's subtree, computed from the rows.  Run by the owner.
create function app.grid_subtrees_computed() returns setof grid_subtree
  language sql stable
  as $$
  select n.id, n.township_id,
         array(select g.id from grid_node g
                where g.township_id = n.township_id
                  and (g.id = n.id or g.parent_id = n.id or n.level = 1)
                order by g.id)
    from grid_node n
$$;
revoke execute on function app.grid_subtrees_computed() from public;

-- The subtrees of townships p_townships written again from the rows (a node
-- gone has its subtree removed).
create function app.grid_subtrees_refresh(p_townships bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog
  as $$
begin
  insert into grid_subtree as k
  select n.* from app.grid_subtrees_computed() n where n.township_id = any (p_townships)
   order by n.node_id
  on conflict (node_id) do update
    set township_id = excluded.township_id, ids = excluded.ids
  where k.ids <> excluded.ids or k.township_id <> excluded.township_id;
  delete from grid_subtree k
   where k.township_id = any (p_townships)
     and not exists (select 1 from grid_node g where g.id = k.node_id);
end
$$;
revoke execute on function app.grid_subtrees_refresh(bigint[]) from public;

-- The nodes whose stored subtree is not the computed one, or that have a
-- subtree and no node, or a node and no subtree: none, always
-- (tests/api/test_grid_subtrees.py).
create function app.grid_subtrees_differing() returns setof bigint
  language sql stable security definer
  set search_path = public, pg_catalog
  as $$
  select coalesce(k.node_id, n.node_id)
    from grid_subtree k full join app.grid_subtrees_computed() n on n.node_id = k.node_id
   where k is distinct from n
$$;
revoke execute on function app.grid_subtrees_differing() from public;

-- Every subtree written again: here, and after a bulk load with the
-- triggers off.  Owner only.
create function app.grid_subtrees_rebuild() returns void
  language plpgsql security definer
  set search_path = public, pg_catalog
  as $$
begin
  delete from grid_subtree;
  insert into grid_subtree select * from app.grid_subtrees_computed();
end
$$;
revoke execute on function app.grid_subtrees_rebuild() from public;

-- A statement on grid_node: the subtrees of the townships it wrote in.
create function app.grid_subtrees_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.grid_subtrees_refresh(array(select distinct township_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.grid_subtrees_refresh(array(select distinct township_id from old_rows));
  else
    perform app.grid_subtrees_refresh(array(select township_id from old_rows
                                            union select township_id from new_rows));
  end if;
  return null;
end
$$;

create trigger grid_subtrees_insert after insert on grid_node
  referencing new table as new_rows
  for each statement execute function app.grid_subtrees_change();
create trigger grid_subtrees_update after update on grid_node
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.grid_subtrees_change();
create trigger grid_subtrees_delete after delete on grid_node
  referencing old table as old_rows
  for each statement execute function app.grid_subtrees_change();

-- Always, even under session_replication_role = replica (see 0032).
alter table grid_node enable always trigger grid_subtrees_insert;
alter table grid_node enable always trigger grid_subtrees_update;
alter table grid_node enable always trigger grid_subtrees_delete;

select app.grid_subtrees_rebuild();

-- Written by the triggers (as the owner); read by whoever reads the node --
-- grid_node's own rule, asked of it, so that the rule stays in one place.  A
-- scalar subquery, not EXISTS: PostgreSQL turns an EXISTS into a hashed
-- subplan, which reads every node of the county (and tests each against its
-- policy) to answer for the one subtree a request reads; the scalar subquery
-- probes the node by its key.
alter table grid_subtree enable row level security;
alter table grid_subtree force row level security;
create policy grid_subtree_all_owner on grid_subtree to safegrid_owner
  using (true) with check (true);
create policy grid_subtree_select_app on grid_subtree for select to safegrid_app
  using ((select true from grid_node g
           where g.township_id = grid_subtree.township_id and g.id = grid_subtree.node_id));
grant select on grid_subtree to safegrid_app;
