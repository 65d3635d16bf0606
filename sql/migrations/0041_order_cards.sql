-- 0041: the supervision orders' list reads each order's card, kept by the writes.
--
-- A page of 20 orders cost PostgreSQL some 700 µs at scale 1, the dearest
-- read of the benchmark: for every row, the addressee's name and unit, its
-- hazards' and its tasks' ids looked up -- the last two through their
-- policies, each asking for the order (and its policy) once more -- and a
-- jsonb object of 20 members built, the same at every request until a write
-- changes one of them.  So, as the hazards' (0032) and inspections' (0037):
--
-- * supervision_order_card holds each order's JSON as app.supervision_order_json
--   printed it, less "overdue", which depends on the day: the view puts it
--   back from the order's own columns.  The names in it are those every
--   reader of the order is shown (an order's readers are its township's
--   staff, who read its users and grid nodes; an enterprise reads no order).
-- * app.supervision_order_cards_computed() is the one definition of an
--   order's JSON: app.supervision_order_json, which the list, the detail, the
--   ledger and the department's dashboard read, serves the stored card, and
--   tests/api/test_order_cards.py proves every stored card equal to it after
--   a mixed series of writes that includes renames.
-- * A card is written in the same transaction as every write that changes
--   what it shows: an order's insert, update or delete and its links to
--   hazards and tasks (statement triggers, one upsert for the statement's
--   rows); a user's new display name, a grid node's new name (row triggers
--   that fire only when that column changes).  Enabled ALWAYS, as the other
--   cards' triggers.
--
-- Timestamps are printed in the time zone of the API's sessions
-- (Asia/Shanghai, db.c), whatever the writer's session says.

-- No foreign key: a card follows its order by the triggers below (see 0032).
create table supervision_order_card (
  order_id     bigint primary key,
  township_id  bigint not null,
  json         text not null     -- the jsonb text of the order, without "overdue"
);

-- Every order's card, computed from the rows.  A plain SQL function, inlined
-- into the statement that calls it, so that a condition on order_id reaches
-- the order's primary key.  Run by the owner.
create function app.supervision_order_cards_computed() returns setof supervision_order_card
  language sql stable
  as $$
  select o.id, o.township_id,
         jsonb_build_object(
           'id', o.id, 'township_id', o.township_id, 'number', o.number,
           'year', o.year, 'seq', o.seq,
           'addressee_user_id', o.addressee_user_id,
           'addressee_name', (select u.display_name from app_user u
                               where u.township_id = o.township_id and u.id = o.addressee_user_id),
           'addressee_grid_node_id', o.addressee_grid_node_id,
           'addressee_unit', (select g.name from grid_node g
                               where g.township_id = o.township_id and g.id = o.addressee_grid_node_id),
           'matter', o.matter, 'action', o.action, 'deadline', o.deadline,
           'listed', o.listed, 'state', o.state,
           'hazard_ids', coalesce((select jsonb_agg(l.hazard_id order by l.hazard_id)
                                     from supervision_order_hazard l
                                    where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'task_ids', coalesce((select jsonb_agg(l.task_id order by l.task_id)
                                   from supervision_order_task l
                                  where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'issued_by', o.issued_by, 'escalated_at', o.escalated_at, 'closed_at', o.closed_at,
           'version', o.version, 'created_at', o.created_at, 'updated_at', o.updated_at)::text
    from supervision_order o
$$;
revoke execute on function app.supervision_order_cards_computed() from public;

-- The cards of orders p_ids written again from the rows (an order gone has
-- its card removed).  On its generic plan, as the other cards'.
create function app.supervision_order_cards_refresh(p_ids bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  set plan_cache_mode = force_generic_plan
  as $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into supervision_order_card as k
  select n.* from app.supervision_order_cards_computed() n where n.order_id = any (p_ids)
   order by n.order_id
  on conflict (order_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json is distinct from excluded.json or k.township_id <> excluded.township_id;
  delete from supervision_order_card k
   where k.order_id = any (p_ids)
     and not exists (select 1 from supervision_order o where o.id = k.order_id);
end
$$;
revoke execute on function app.supervision_order_cards_refresh(bigint[]) from public;

-- The orders whose stored card is not the computed one, or that have a card
-- and no order, or an order and no card: none, always
-- (tests/api/test_order_cards.py).
create function app.supervision_order_cards_differing() returns setof bigint
  language sql stable security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
  select coalesce(k.order_id, n.order_id)
    from supervision_order_card k full join app.supervision_order_cards_computed() n on n.order_id = k.order_id
   where k is distinct from n
$$;
revoke execute on function app.supervision_order_cards_differing() from public;

-- Every card written again: here, and after a bulk load with the triggers
-- off.  Owner only.
create function app.supervision_order_cards_rebuild() returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
begin
  delete from supervision_order_card;
  insert into supervision_order_card select * from app.supervision_order_cards_computed();
end
$$;
revoke execute on function app.supervision_order_cards_rebuild() from public;

-- ---------------------------------------------------------------------------
-- The triggers
-- ---------------------------------------------------------------------------
-- An order's statement, or its links': the cards of the orders it wrote or
-- removed.
create function app.supervision_order_cards_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'supervision_order' then
    if tg_op = 'DELETE' then
      delete from supervision_order_card k using old_rows o where k.order_id = o.id;
    else
      perform app.supervision_order_cards_refresh(array(select id from new_rows));
    end if;
  elsif tg_op = 'DELETE' then   -- supervision_order_hazard, supervision_order_task
    perform app.supervision_order_cards_refresh(array(select distinct order_id from old_rows));
  elsif tg_op = 'UPDATE' then
    perform app.supervision_order_cards_refresh(array(select order_id from old_rows
                                                      union select order_id from new_rows));
  else
    perform app.supervision_order_cards_refresh(array(select distinct order_id from new_rows));
  end if;
  return null;
end
$$;

create trigger supervision_order_cards_insert after insert on supervision_order
  referencing new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_cards_update after update on supervision_order
  referencing new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_cards_delete after delete on supervision_order
  referencing old table as old_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_hazard_cards_insert after insert on supervision_order_hazard
  referencing new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_hazard_cards_update after update on supervision_order_hazard
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_hazard_cards_delete after delete on supervision_order_hazard
  referencing old table as old_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_task_cards_insert after insert on supervision_order_task
  referencing new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_task_cards_update after update on supervision_order_task
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.supervision_order_cards_change();
create trigger supervision_order_task_cards_delete after delete on supervision_order_task
  referencing old table as old_rows
  for each statement execute function app.supervision_order_cards_change();

-- A name a card shows changed: the cards of the orders addressed to it.
create function app.supervision_order_cards_renamed() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'app_user' then
    perform app.supervision_order_cards_refresh(array(
      select o.id from supervision_order o
       where o.township_id = new.township_id and o.addressee_user_id = new.id));
  else   -- grid_node
    perform app.supervision_order_cards_refresh(array(
      select o.id from supervision_order o
       where o.township_id = new.township_id and o.addressee_grid_node_id = new.id));
  end if;
  return null;
end
$$;

create trigger app_user_order_cards after update of display_name on app_user
  for each row when (old.display_name is distinct from new.display_name)
  execute function app.supervision_order_cards_renamed();
create trigger grid_node_order_cards after update of name on grid_node
  for each row when (old.name is distinct from new.name)
  execute function app.supervision_order_cards_renamed();

-- Always, even under session_replication_role = replica (see 0032).
alter table supervision_order enable always trigger supervision_order_cards_insert;
alter table supervision_order enable always trigger supervision_order_cards_update;
alter table supervision_order enable always trigger supervision_order_cards_delete;
alter table supervision_order_hazard enable always trigger supervision_order_hazard_cards_insert;
alter table supervision_order_hazard enable always trigger supervision_order_hazard_cards_update;
alter table supervision_order_hazard enable always trigger supervision_order_hazard_cards_delete;
alter table supervision_order_task enable always trigger supervision_order_task_cards_insert;
alter table supervision_order_task enable always trigger supervision_order_task_cards_update;
alter table supervision_order_task enable always trigger supervision_order_task_cards_delete;
alter table app_user enable always trigger app_user_order_cards;
alter table grid_node enable always trigger grid_node_order_cards;

select app.supervision_order_cards_rebuild();

-- ---------------------------------------------------------------------------
-- Row-level security: written by the triggers (as the owner), read by whoever
-- reads the order -- the order's own rule, asked of it, so that the rule
-- stays in one place.
-- ---------------------------------------------------------------------------
alter table supervision_order_card enable row level security;
alter table supervision_order_card force row level security;
create policy supervision_order_card_all_owner on supervision_order_card to safegrid_owner
  using (true) with check (true);
create policy supervision_order_card_select_app on supervision_order_card for select to safegrid_app
  using (exists (select 1 from supervision_order o
                  where o.township_id = supervision_order_card.township_id
                    and o.id = supervision_order_card.order_id));
grant select on supervision_order_card to safegrid_app;

-- ---------------------------------------------------------------------------
-- The view every reader of an order asks: the stored card and "overdue",
-- worked out here and nowhere else.  "item" is the order as the list prints it:
-- the card with "overdue" put back as its last member (no jsonb to parse and
-- print again); "json" is that item as jsonb, for the detail, the ledger and
-- the dashboard.
-- ---------------------------------------------------------------------------
create or replace view app.supervision_order_json with (security_invoker = true) as
  select o.id, o.township_id, o.state, o.deadline, o.addressee_user_id, d.overdue,
         i.item::jsonb as json, i.item
    from supervision_order o
   cross join lateral (select o.state <> 'closed' and o.deadline < app.today() as overdue) d
    join supervision_order_card c on c.order_id = o.id
   cross join lateral (select left(c.json, -1) || ', "overdue": ' || d.overdue || '}' as item) i;
