-- 0032: the hazard list reads each hazard's card, kept by the writes.
--
-- A page of the list cost PostgreSQL some 330 µs above the session check at
-- scale 1, and next to none of it was finding the 20 rows: the three names
-- looked up for each row (the enterprise's, the checklist item's code, the
-- responsible person's through app.user_name) took ~130 µs and building the
-- 20 JSON objects ~140 µs.  Both are the same at every request until a
-- write changes them.  So:
--
-- * hazard_card holds each hazard's list item as the API prints it, its
--   JSON text cut in four around the three members that are not the same
--   for every reader at every moment: "source" and "tip_id" (whether a
--   tip's origin is shown depends on the reader's role, app.tip_hidden) and
--   "overdue" (depends on today).  The reader puts them back from the
--   hazard's own columns (app.hazard_card_json): nothing stored depends on
--   the clock or on who reads.  The names in it are the same for every
--   reader who may see the hazard (its enterprise, its township's user --
--   the foreign keys say so --, its county's checklist item).
-- * app.hazard_cards_computed() is the one definition of a card: the
--   triggers store what it gives, and tests/api/test_cards.py proves every
--   stored card equal to it (app.hazard_cards_differing) after a mixed
--   series of writes that includes renames.
-- * The card is written in the same transaction as every write that changes
--   what it shows: a hazard's insert or update (a statement trigger, one
--   upsert for the statement's rows), its delete; an enterprise's new name,
--   a user's new display name, a checklist item's new code (row triggers
--   that fire only when that column changes: renames are rare, logins and
--   other edits of those rows pass by); a hazard's photo added, changed or
--   removed.  Enabled ALWAYS, as the tallies' triggers (0026): a write under
--   session_replication_role = replica must not leave a card behind.
--
-- Timestamps are printed in the time zone of the API's sessions
-- (Asia/Shanghai, db.c), whatever the writer's session says.

-- ---------------------------------------------------------------------------
-- The table
-- ---------------------------------------------------------------------------
-- No foreign keys: a card follows its hazard by the triggers below, which
-- also fire where foreign keys' own triggers do not (replica mode), and a
-- key check on every card written would lock the hazard row once more.
create table hazard_card (
  hazard_id      bigint primary key,
  township_id    bigint not null,
  enterprise_id  bigint not null,   -- for the row-level security policy, as hazard's
  head           text not null,     -- {"id":…,…,"campaign_id":…,"source":
  ident          text not null,     -- ,"inspection_id":…,"item_id":…,"item_code":…,"tip_id":
  body           text not null,     -- ,"description":…,…,"status":"…","overdue":
  tail           text not null      -- ,"submitted_by":…,…,"photos":[…]}
);

-- ---------------------------------------------------------------------------
-- What a card is
-- ---------------------------------------------------------------------------
-- Every hazard's card, computed from the rows: the members of a hazard in
-- the list, in the API's order, each part the JSON of a row (to_json) cut
-- where a member the reader fills in goes.  A plain SQL function, so that
-- it is inlined into the statement that calls it and a condition on
-- hazard_id reaches the hazard's primary key.  Run by the owner (the
-- triggers, the test's check): it reads the names without row-level
-- security's filter, which for a reader of the hazard would keep them all.
create function app.hazard_cards_computed() returns setof hazard_card
  language sql stable
  as $$
  select h.id, h.township_id, h.enterprise_id,
         left(to_json(a)::text, -1) || ',"source":',
         ',' || substr(left(to_json(b)::text, -1), 2) || ',"tip_id":',
         ',' || substr(left(to_json(c)::text, -1), 2) || ',"overdue":',
         ',' || substr(to_json(d)::text, 2)
    from hazard h
   cross join lateral (
     select h.id, h.township_id, h.enterprise_id,
            (select e.name from enterprise e
              where e.township_id = h.township_id and e.id = h.enterprise_id) as enterprise_name,
            h.grid_node_id, h.sector_id, h.campaign_id) a
   cross join lateral (
     select h.inspection_id, h.item_id,
            (select i.code from checklist_item i where i.id = h.item_id) as item_code) b
   cross join lateral (
     select h.description, h.severity, h.mode, h.measure, h.deadline, h.responsible_user_id,
            (select u.display_name from app_user u
              where u.township_id = h.township_id and u.id = h.responsible_user_id) as responsible_name,
            h.five_items, h.status) c
   cross join lateral (
     select h.submitted_by, h.closed_at, h.created_by, h.created_at, h.updated_at, h.version,
            coalesce((select json_agg(json_build_object('id', x.id, 'tag', x.tag,
                                                        'url', '/api/v1/attachments/' || x.id) order by x.id)
                        from attachment x
                       where x.township_id = h.township_id and x.entity_type = 'hazard'
                         and x.entity_id = h.id), '[]') as photos) d
$$;
revoke execute on function app.hazard_cards_computed() from public;

-- A hazard (its card c, its source, tip, status and deadline) as the reader
-- is shown it: the card with the reader's members put back, the same text
-- to_json of the whole row would print.  Inlined into the list's statement.
create function app.hazard_card_json(c hazard_card, p_source text, p_tip_id bigint,
                                     p_status text, p_deadline date) returns text
  language sql stable parallel safe
  as $$
  select c.head || to_json(app.hazard_source_shown(p_source))::text
      || c.ident || coalesce(app.hazard_tip_id_shown(p_tip_id)::text, 'null')
      || c.body || case when app.hazard_overdue(p_status, p_deadline) then 'true' else 'false' end
      || c.tail
$$;
revoke execute on function app.hazard_card_json(hazard_card, text, bigint, text, date) from public;
grant execute on function app.hazard_card_json(hazard_card, text, bigint, text, date) to safegrid_app;

-- The cards of hazards p_ids written again from the rows (a hazard gone
-- has its card removed).  plpgsql, planned once a session, and on its
-- generic plan: left to choose, PostgreSQL planned the upsert again at
-- every call (its estimate for an array of ids of unknown length favours
-- a custom plan), ~1 ms of planning for 0.3 ms of work.
create function app.hazard_cards_refresh(p_ids bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  set plan_cache_mode = force_generic_plan
  as $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into hazard_card as k
  select n.* from app.hazard_cards_computed() n where n.hazard_id = any (p_ids)
   order by n.hazard_id
  on conflict (hazard_id) do update
    set township_id = excluded.township_id, enterprise_id = excluded.enterprise_id,
        head = excluded.head, ident = excluded.ident, body = excluded.body, tail = excluded.tail;
  delete from hazard_card k
   where k.hazard_id = any (p_ids) and not exists (select 1 from hazard h where h.id = k.hazard_id);
end
$$;
revoke execute on function app.hazard_cards_refresh(bigint[]) from public;

-- The hazards whose stored card is not the computed one, or that have a card
-- and no hazard, or a hazard and no card: none, always (tests/api/test_cards.py).
create function app.hazard_cards_differing() returns setof bigint
  language sql stable security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
  select coalesce(k.hazard_id, n.hazard_id)
    from hazard_card k full join app.hazard_cards_computed() n on n.hazard_id = k.hazard_id
   where k is distinct from n
$$;
revoke execute on function app.hazard_cards_differing() from public;

-- Every card written again: here, and after a bulk load with the triggers
-- off (sql/bench/seed.sql).  Owner only.
create function app.hazard_cards_rebuild() returns void
  language plpgsql security definer
  set search_path = public, pg_catalog set "TimeZone" = 'Asia/Shanghai'
  as $$
begin
  delete from hazard_card;
  insert into hazard_card select * from app.hazard_cards_computed();
end
$$;
revoke execute on function app.hazard_cards_rebuild() from public;

-- ---------------------------------------------------------------------------
-- The triggers
-- ---------------------------------------------------------------------------
-- A hazard's statement: the cards of the rows it wrote, or removed.
create function app.hazard_cards_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'DELETE' then
    delete from hazard_card k using old_rows o where k.hazard_id = o.id;
  else
    perform app.hazard_cards_refresh(array(select id from new_rows));
  end if;
  return null;
end
$$;

create trigger hazard_cards_insert after insert on hazard
  referencing new table as new_rows
  for each statement execute function app.hazard_cards_change();
create trigger hazard_cards_update after update on hazard
  referencing new table as new_rows
  for each statement execute function app.hazard_cards_change();
create trigger hazard_cards_delete after delete on hazard
  referencing old table as old_rows
  for each statement execute function app.hazard_cards_change();

-- A name a card shows changed, or a hazard's photo: the cards of the
-- hazards that show it.  An
-- item's code changes only while its template is a draft, and no hazard can
-- name an item of a draft (an inspection needs a published template): the
-- condition spares reading every hazard for a code no card shows.
create function app.hazard_cards_renamed() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'enterprise' then
    perform app.hazard_cards_refresh(array(
      select h.id from hazard h where h.township_id = new.township_id and h.enterprise_id = new.id));
  elsif tg_table_name = 'app_user' then
    perform app.hazard_cards_refresh(array(
      select h.id from hazard h where h.township_id = new.township_id and h.responsible_user_id = new.id));
  elsif tg_table_name = 'checklist_item' then
    if exists (select 1 from checklist c where c.id = new.checklist_id and c.status <> 'draft') then
      perform app.hazard_cards_refresh(array(select h.id from hazard h where h.item_id = new.id));
    end if;
  else   -- attachment: a hazard's photo, before or after the change (old is null
         -- in an insert's trigger, new in a delete's)
    perform app.hazard_cards_refresh(array(
      select distinct x.entity_id
        from (values (old.entity_type, old.entity_id), (new.entity_type, new.entity_id)) x (entity_type, entity_id)
       where x.entity_type = 'hazard'));
  end if;
  return null;
end
$$;

create trigger enterprise_hazard_cards after update of name on enterprise
  for each row when (old.name is distinct from new.name)
  execute function app.hazard_cards_renamed();
create trigger app_user_hazard_cards after update of display_name on app_user
  for each row when (old.display_name is distinct from new.display_name)
  execute function app.hazard_cards_renamed();
create trigger checklist_item_hazard_cards after update of code on checklist_item
  for each row when (old.code is distinct from new.code)
  execute function app.hazard_cards_renamed();
create trigger attachment_hazard_cards_insert after insert on attachment
  for each row when (new.entity_type = 'hazard')
  execute function app.hazard_cards_renamed();
create trigger attachment_hazard_cards_update after update of entity_type, entity_id, tag, township_id on attachment
  for each row when (old.entity_type = 'hazard' or new.entity_type = 'hazard')
  execute function app.hazard_cards_renamed();
create trigger attachment_hazard_cards_delete after delete on attachment
  for each row when (old.entity_type = 'hazard')
  execute function app.hazard_cards_renamed();

-- Always, even under session_replication_role = replica (see the top).
-- ALTER TABLE ... ENABLE TRIGGER USER turns these back to ordinary ones;
-- whoever disables them writes the cards again: app.hazard_cards_rebuild.
alter table hazard enable always trigger hazard_cards_insert;
alter table hazard enable always trigger hazard_cards_update;
alter table hazard enable always trigger hazard_cards_delete;
alter table enterprise enable always trigger enterprise_hazard_cards;
alter table app_user enable always trigger app_user_hazard_cards;
alter table checklist_item enable always trigger checklist_item_hazard_cards;
alter table attachment enable always trigger attachment_hazard_cards_insert;
alter table attachment enable always trigger attachment_hazard_cards_update;
alter table attachment enable always trigger attachment_hazard_cards_delete;

select app.hazard_cards_rebuild();

-- ---------------------------------------------------------------------------
-- Row-level security: written by the triggers (as the owner), read by whoever
-- reads the hazard, under the same rule as hazard's.
-- ---------------------------------------------------------------------------
alter table hazard_card enable row level security;
alter table hazard_card force row level security;
create policy hazard_card_all_owner on hazard_card to safegrid_owner using (true) with check (true);
create policy hazard_card_select_app on hazard_card for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())));
grant select on hazard_card to safegrid_app;
