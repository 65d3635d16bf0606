-- 0037: the inspection list reads each inspection's card, kept by the writes.
--
-- A page of 20 inspections cost PostgreSQL some 700 µs above the session
-- check at scale 1: for every row, its enterprise's name, its checklist,
-- its inspectors' names and its counts (inspection_tally, whose policy asks
-- for the inspection once more) looked up, and a jsonb object of 20 members
-- built -- the same at every request until a write changes one of them.
-- So, as the hazards' cards (0032):
--
-- * inspection_card holds each inspection's list item as the API prints it:
--   the whole of it, as nothing in it depends on the reader or the day.
--   The names in it are those every reader of the inspection is shown: its
--   enterprise's and checklist's (whoever reads an inspection reads those),
--   its inspectors' (people of its township; an enterprise user, who may
--   not read other users' rows, is shown their names as on a hazard, 0011).
-- * app.inspection_cards_computed() is the one definition of an
--   inspection's JSON: the list prints the stored card, the detail the
--   card with its items, and tests/api/test_cards.py proves every stored
--   card equal to it after a mixed series of writes that includes renames
--   and results.
-- * A card is written in the same transaction as every write that changes
--   what it shows: an inspection's insert, update or delete (statement
--   triggers, one upsert for the statement's rows); its counts
--   (inspection_tally, which the results' own trigger keeps, 0027); an
--   enterprise's new name, a user's new display name, a checklist's new
--   code, version or name (row triggers that fire only when that column
--   changes).  Enabled ALWAYS, as the hazards' cards.
--
-- Timestamps are printed in the time zone of the API's sessions
-- (Asia/Shanghai, db.c), whatever the writer's session says.

-- No foreign key: a card follows its inspection by the triggers below (see 0032).
create table inspection_card (
  inspection_id  bigint primary key,
  township_id    bigint not null,
  json           text not null
);

-- Every inspection's card, computed from the rows.  A plain SQL function,
-- inlined into the statement that calls it, so that a condition on
-- inspection_id reaches the inspection's primary key.  Run by the owner.
create function app.inspection_cards_computed() returns setof inspection_card
  language sql stable
  as $$
  select i.id, i.township_id,
         jsonb_build_object(
           'id', i.id, 'township_id', i.township_id, 'enterprise_id', i.enterprise_id,
           'enterprise_name', (select e.name from enterprise e
                                where e.township_id = i.township_id and e.id = i.enterprise_id),
           'campaign_id', i.campaign_id, 'checklist_id', i.checklist_id,
           'checklist', (select jsonb_build_object('code', c.code, 'version', c.version, 'name', c.name)
                           from checklist c where c.id = i.checklist_id),
           'kind', i.kind, 'inspected_on', i.inspected_on, 'inspector_ids', to_jsonb(i.inspector_ids),
           'inspectors', coalesce((select jsonb_agg(jsonb_build_object('id', u.id, 'display_name', u.display_name)
                                                   order by array_position(i.inspector_ids, u.id))
                                     from app_user u
                                    where u.township_id = i.township_id and u.id = any (i.inspector_ids)), '[]'),
           'note', i.note, 'status', i.status, 'created_by', i.created_by,
           'submitted_by', i.submitted_by, 'submitted_at', i.submitted_at,
           'counts', jsonb_build_object(
                       'items', (select count(*) from checklist_item x where x.checklist_id = i.checklist_id),
                       'ok', coalesce(r.ok, 0), 'hazard', coalesce(r.hazard, 0), 'na', coalesce(r.na, 0)),
           'version', i.version, 'created_at', i.created_at, 'updated_at', i.updated_at)::text
    from inspection i
    left join inspection_tally r on r.township_id = i.township_id and r.inspection_id = i.id
$$;
revoke execute on function app.inspection_cards_computed() from public;

-- The cards of inspections p_ids written again from the rows (an inspection
-- gone has its card removed).  On its generic plan, as the hazards' (0032).
create function app.inspection_cards_refresh(p_ids bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  set plan_cache_mode = force_generic_plan
  as $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into inspection_card as k
  select n.* from app.inspection_cards_computed() n where n.inspection_id = any (p_ids)
   order by n.inspection_id
  on conflict (inspection_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json is distinct from excluded.json or k.township_id <> excluded.township_id;
  delete from inspection_card k
   where k.inspection_id = any (p_ids)
     and not exists (select 1 from inspection i where i.id = k.inspection_id);
end
$$;
revoke execute on function app.inspection_cards_refresh(bigint[]) from public;

-- The inspections whose stored card is not the computed one, or that have a
-- card and no inspection, or an inspection and no card: none, always
-- (tests/api/test_cards.py).
create function app.inspection_cards_differing() returns setof bigint
  language sql stable security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
  select coalesce(k.inspection_id, n.inspection_id)
    from inspection_card k full join app.inspection_cards_computed() n on n.inspection_id = k.inspection_id
   where k is distinct from n
$$;
revoke execute on function app.inspection_cards_differing() from public;

-- Every card written again: here, and after a bulk load with the triggers
-- off (sql/bench/seed.sql).  Owner only.
create function app.inspection_cards_rebuild() returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
begin
  delete from inspection_card;
  insert into inspection_card select * from app.inspection_cards_computed();
end
$$;
revoke execute on function app.inspection_cards_rebuild() from public;

-- ---------------------------------------------------------------------------
-- The triggers
-- ---------------------------------------------------------------------------
-- An inspection's statement, or its counts': the cards of the rows it wrote
-- or removed.  (An inspection deleted takes its counts with it, whose
-- trigger then finds no inspection and removes nothing more.)
create function app.inspection_cards_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'inspection' then
    if tg_op = 'DELETE' then
      delete from inspection_card k using old_rows o where k.inspection_id = o.id;
    else
      perform app.inspection_cards_refresh(array(select id from new_rows));
    end if;
  elsif tg_op = 'DELETE' then   -- inspection_tally
    perform app.inspection_cards_refresh(array(select inspection_id from old_rows));
  else
    perform app.inspection_cards_refresh(array(select inspection_id from new_rows));
  end if;
  return null;
end
$$;

create trigger inspection_cards_insert after insert on inspection
  referencing new table as new_rows
  for each statement execute function app.inspection_cards_change();
create trigger inspection_cards_update after update on inspection
  referencing new table as new_rows
  for each statement execute function app.inspection_cards_change();
create trigger inspection_cards_delete after delete on inspection
  referencing old table as old_rows
  for each statement execute function app.inspection_cards_change();
create trigger inspection_tally_cards_insert after insert on inspection_tally
  referencing new table as new_rows
  for each statement execute function app.inspection_cards_change();
create trigger inspection_tally_cards_update after update on inspection_tally
  referencing new table as new_rows
  for each statement execute function app.inspection_cards_change();
create trigger inspection_tally_cards_delete after delete on inspection_tally
  referencing old table as old_rows
  for each statement execute function app.inspection_cards_change();

-- A name a card shows changed: the cards of the inspections that show it.
-- A checklist's code, version and name change only while it is a draft,
-- which no inspection names (an inspection needs a published template):
-- the condition spares the search for a checklist no card shows.
create function app.inspection_cards_renamed() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'enterprise' then
    perform app.inspection_cards_refresh(array(
      select i.id from inspection i where i.township_id = new.township_id and i.enterprise_id = new.id));
  elsif tg_table_name = 'app_user' then
    perform app.inspection_cards_refresh(array(
      select i.id from inspection i where i.township_id = new.township_id and new.id = any (i.inspector_ids)));
  elsif new.status <> 'draft' then   -- checklist
    perform app.inspection_cards_refresh(array(select i.id from inspection i where i.checklist_id = new.id));
  end if;
  return null;
end
$$;

create trigger enterprise_inspection_cards after update of name on enterprise
  for each row when (old.name is distinct from new.name)
  execute function app.inspection_cards_renamed();
create trigger app_user_inspection_cards after update of display_name on app_user
  for each row when (old.display_name is distinct from new.display_name)
  execute function app.inspection_cards_renamed();
create trigger checklist_inspection_cards after update of code, version, name on checklist
  for each row when ((old.code, old.version, old.name) is distinct from (new.code, new.version, new.name))
  execute function app.inspection_cards_renamed();

-- Always, even under session_replication_role = replica (see 0032).
alter table inspection enable always trigger inspection_cards_insert;
alter table inspection enable always trigger inspection_cards_update;
alter table inspection enable always trigger inspection_cards_delete;
alter table inspection_tally enable always trigger inspection_tally_cards_insert;
alter table inspection_tally enable always trigger inspection_tally_cards_update;
alter table inspection_tally enable always trigger inspection_tally_cards_delete;
alter table enterprise enable always trigger enterprise_inspection_cards;
alter table app_user enable always trigger app_user_inspection_cards;
alter table checklist enable always trigger checklist_inspection_cards;

select app.inspection_cards_rebuild();

-- ---------------------------------------------------------------------------
-- Row-level security: written by the triggers (as the owner), read by whoever
-- reads the inspection -- the inspection's own rule, asked of it (as 0027's
-- counts do), so that the rule stays in one place.
-- ---------------------------------------------------------------------------
alter table inspection_card enable row level security;
alter table inspection_card force row level security;
create policy inspection_card_all_owner on inspection_card to safegrid_owner using (true) with check (true);
create policy inspection_card_select_app on inspection_card for select to safegrid_app
  using (exists (select 1 from inspection i
                  where i.township_id = inspection_card.township_id and i.id = inspection_card.inspection_id));
grant select on inspection_card to safegrid_app;
