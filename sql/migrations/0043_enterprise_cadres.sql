-- 0043: an enterprise's cadres as the API shows them, kept by the writes.
--
-- Every enterprise the API shows carries "cadres": its assignments that
-- count (no end, in a campaign that is not closed), each with the cadre's
-- name, in campaign order.  The list, the search and the detail looked them
-- up for every enterprise they showed -- the assignments, their campaigns and
-- users, each under its policy, and a JSON array built -- about 40 µs of the
-- search's PostgreSQL time for one enterprise found.  So, as the hazards'
-- cards (0032):
--
-- * enterprise_cadres holds, for every enterprise with at least one such
--   assignment, the array as the API prints it; an enterprise without one
--   has no row, and shows [].
-- * app.enterprise_cadres_computed() is the one definition of the array;
--   fcgi/api/enterprise.c reads the stored one by the enterprise's key, and
--   tests/api/test_enterprise_cadres.py proves every stored array equal to it
--   after a mixed series of writes.
-- * The arrays are written in the same transaction as every write that
--   changes what they show: an assignment's insert, update or delete
--   (statement triggers), a campaign's new status, a user's new display name
--   (row triggers that fire only when that column changes).  Enabled ALWAYS,
--   as the cards' triggers.
-- * The names in it are those every reader of the assignments is shown: an
--   assignment's cadre is a user of its township (the foreign key), whom
--   every user who reads the township's assignments reads too.
-- * Who reads the array is who reads the enterprise's assignments: the
--   policy asks enterprise_assignment's (an enterprise's own users read none).

-- No foreign key: the array follows the assignments by the triggers below (see 0032).
create table enterprise_cadres (
  enterprise_id  bigint primary key,
  township_id    bigint not null,
  json           json not null    -- "cadres" of the enterprise, as the API prints it
);

-- Every enterprise's array, computed from the rows.  A plain SQL function,
-- inlined into the statement that calls it.  Run by the owner.
create function app.enterprise_cadres_computed() returns setof enterprise_cadres
  language sql stable
  as $$
  select a.enterprise_id, a.township_id,
         json_agg(json_build_object('campaign_id', a.campaign_id, 'user_id', a.user_id,
                                    'display_name', u.display_name, 'starts_on', a.starts_on)
                  order by a.campaign_id)
    from enterprise_assignment a
    join campaign c on c.township_id = a.township_id and c.id = a.campaign_id and c.status <> 'closed'
    join app_user u on u.township_id = a.township_id and u.id = a.user_id
   where a.ends_on is null
   group by a.enterprise_id, a.township_id
$$;
revoke execute on function app.enterprise_cadres_computed() from public;

-- The arrays of enterprises p_ids written again from the rows (an enterprise
-- left without a cadre has its row removed).
create function app.enterprise_cadres_refresh(p_ids bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog
  set plan_cache_mode = force_generic_plan
  as $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into enterprise_cadres as k
  select n.* from app.enterprise_cadres_computed() n where n.enterprise_id = any (p_ids)
   order by n.enterprise_id
  on conflict (enterprise_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json::text <> excluded.json::text or k.township_id <> excluded.township_id;
  delete from enterprise_cadres k
   where k.enterprise_id = any (p_ids)
     and not exists (select 1 from app.enterprise_cadres_computed() n where n.enterprise_id = k.enterprise_id);
end
$$;
revoke execute on function app.enterprise_cadres_refresh(bigint[]) from public;

-- The enterprises whose stored array is not the computed one, or that have
-- one stored and none computed, or the other way round: none, always
-- (tests/api/test_enterprise_cadres.py).
create function app.enterprise_cadres_differing() returns setof bigint
  language sql stable security definer
  set search_path = public, pg_catalog
  as $$
  select coalesce(k.enterprise_id, n.enterprise_id)
    from enterprise_cadres k full join app.enterprise_cadres_computed() n on n.enterprise_id = k.enterprise_id
   where k.enterprise_id is null or n.enterprise_id is null
      or k.township_id <> n.township_id or k.json::text <> n.json::text
$$;
revoke execute on function app.enterprise_cadres_differing() from public;

-- Every array written again: here, and after a bulk load with the triggers
-- off.  Owner only.
create function app.enterprise_cadres_rebuild() returns void
  language plpgsql security definer
  set search_path = public, pg_catalog
  as $$
begin
  delete from enterprise_cadres;
  insert into enterprise_cadres select * from app.enterprise_cadres_computed();
end
$$;
revoke execute on function app.enterprise_cadres_rebuild() from public;

-- ---------------------------------------------------------------------------
-- The triggers
-- ---------------------------------------------------------------------------
-- An assignments' statement: the arrays of the enterprises it wrote or removed.
create function app.enterprise_cadres_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.enterprise_cadres_refresh(array(select distinct enterprise_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.enterprise_cadres_refresh(array(select distinct enterprise_id from old_rows));
  else
    perform app.enterprise_cadres_refresh(array(select enterprise_id from old_rows
                                                union select enterprise_id from new_rows));
  end if;
  return null;
end
$$;

create trigger enterprise_cadres_insert after insert on enterprise_assignment
  referencing new table as new_rows
  for each statement execute function app.enterprise_cadres_change();
create trigger enterprise_cadres_update after update on enterprise_assignment
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.enterprise_cadres_change();
create trigger enterprise_cadres_delete after delete on enterprise_assignment
  referencing old table as old_rows
  for each statement execute function app.enterprise_cadres_change();

-- A campaign closed (or opened again), a cadre renamed: the arrays of the
-- enterprises assigned in it, or to them.
create function app.enterprise_cadres_of_changed() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'campaign' then
    perform app.enterprise_cadres_refresh(array(
      select distinct a.enterprise_id from enterprise_assignment a
       where a.township_id = new.township_id and a.campaign_id = new.id and a.ends_on is null));
  else   -- app_user
    perform app.enterprise_cadres_refresh(array(
      select a.enterprise_id from enterprise_assignment a
       where a.township_id = new.township_id and a.user_id = new.id and a.ends_on is null));
  end if;
  return null;
end
$$;

create trigger campaign_enterprise_cadres after update of status on campaign
  for each row when (old.status is distinct from new.status)
  execute function app.enterprise_cadres_of_changed();
create trigger app_user_enterprise_cadres after update of display_name on app_user
  for each row when (old.display_name is distinct from new.display_name)
  execute function app.enterprise_cadres_of_changed();

-- Always, even under session_replication_role = replica (see 0032).
alter table enterprise_assignment enable always trigger enterprise_cadres_insert;
alter table enterprise_assignment enable always trigger enterprise_cadres_update;
alter table enterprise_assignment enable always trigger enterprise_cadres_delete;
alter table campaign enable always trigger campaign_enterprise_cadres;
alter table app_user enable always trigger app_user_enterprise_cadres;

select app.enterprise_cadres_rebuild();

-- Written by the triggers (as the owner); read by whoever reads the
-- enterprise's assignments -- enterprise_assignment's own rule, asked of
-- it, so that the rule stays in one place.  A scalar subquery that probes
-- one assignment of the enterprise by its index (see 0042 on EXISTS).
alter table enterprise_cadres enable row level security;
alter table enterprise_cadres force row level security;
create policy enterprise_cadres_all_owner on enterprise_cadres to safegrid_owner
  using (true) with check (true);
create policy enterprise_cadres_select_app on enterprise_cadres for select to safegrid_app
  using ((select true from enterprise_assignment a
           where a.enterprise_id = enterprise_cadres.enterprise_id
             and a.township_id = enterprise_cadres.township_id
           limit 1));
grant select on enterprise_cadres to safegrid_app;
