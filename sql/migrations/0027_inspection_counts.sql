-- 0027: an inspection's counts of results (ok, hazard, na), kept by the
-- writes, so that the inspection list does not count each row's 43 results
-- on every request.
--
-- inspection_tally holds one row per inspection that has results, changed
-- by a statement trigger on inspection_result in the same transaction as
-- the write (a result saved, changed, removed), from its transition tables
-- and in key order, like the tallies of 0026 -- and, like them, enabled
-- ALWAYS, counted again by app.tallies_rebuild() after a bulk load, and
-- proven equal to the rows by tests/api/test_tallies.py.  A row is seen
-- exactly when its inspection is (the policy asks the inspection's own), so
-- the rule of who reads an inspection stays in one place.

create table inspection_tally (
  township_id    bigint not null,
  inspection_id  bigint not null,
  ok             integer not null,
  hazard         integer not null,
  na             integer not null,
  primary key (township_id, inspection_id),
  foreign key (township_id, inspection_id) references inspection (township_id, id) on delete cascade
);

create type app.result_delta as (township_id bigint, inspection_id bigint, result text, n integer);

create function app.inspection_tally_apply(p_delta app.result_delta[]) returns void
  -- plpgsql, so that its statements are planned once a session, not at every call
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  insert into inspection_tally as t (township_id, inspection_id, ok, hazard, na)
  select d.township_id, d.inspection_id,
         coalesce(sum(d.n) filter (where d.result = 'ok'), 0),
         coalesce(sum(d.n) filter (where d.result = 'hazard'), 0),
         coalesce(sum(d.n) filter (where d.result = 'na'), 0)
    from unnest(p_delta) d
   -- not an inspection deleted with its results (the cascade removed its row)
   where exists (select 1 from inspection i where i.township_id = d.township_id and i.id = d.inspection_id)
   group by 1, 2
  having coalesce(sum(d.n) filter (where d.result = 'ok'), 0) <> 0
      or coalesce(sum(d.n) filter (where d.result = 'hazard'), 0) <> 0
      or coalesce(sum(d.n) filter (where d.result = 'na'), 0) <> 0
   order by 1, 2
  on conflict (township_id, inspection_id)
  do update set ok = t.ok + excluded.ok, hazard = t.hazard + excluded.hazard, na = t.na + excluded.na;
end
$$;

create function app.inspection_tally_change() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.inspection_tally_apply(array(
      select row(township_id, inspection_id, result, 1)::app.result_delta from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.inspection_tally_apply(array(
      select row(township_id, inspection_id, result, -1)::app.result_delta from old_rows));
  else
    perform app.inspection_tally_apply(array(
      select d from old_rows o join new_rows w
               on w.township_id = o.township_id and w.inspection_id = o.inspection_id and w.item_id = o.item_id,
             lateral (values (row(o.township_id, o.inspection_id, o.result, -1)::app.result_delta),
                             (row(w.township_id, w.inspection_id, w.result, 1)::app.result_delta)) v (d)
       where o.result is distinct from w.result));
  end if;
  return null;
end
$$;

create trigger inspection_tally_insert after insert on inspection_result
  referencing new table as new_rows
  for each statement execute function app.inspection_tally_change();
create trigger inspection_tally_update after update on inspection_result
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.inspection_tally_change();
create trigger inspection_tally_delete after delete on inspection_result
  referencing old table as old_rows
  for each statement execute function app.inspection_tally_change();
alter table inspection_result enable always trigger inspection_tally_insert;
alter table inspection_result enable always trigger inspection_tally_update;
alter table inspection_result enable always trigger inspection_tally_delete;

-- 0026's rebuild, with these counts too.
create or replace function app.tallies_rebuild() returns void
  language sql security definer set search_path = public, pg_catalog
  as $$
  delete from hazard_tally;
  delete from hazard_due_count;
  delete from hazard_day;
  delete from inspected_enterprise;
  delete from township_tally;
  delete from inspection_tally;
  select app.hazard_tallies_apply(array(
    select row(township_id, sector_id, grid_node_id, status, severity, deadline,
               created_at, closed_at, 1)::app.hazard_delta from hazard));
  select app.inspection_tallies_apply(array(
    select row(township_id, enterprise_id, 1)::app.inspection_delta from inspection
     where status = 'submitted'));
  select app.inspection_tally_apply(array(
    select row(township_id, inspection_id, result, 1)::app.result_delta from inspection_result));
$$;
revoke execute on function app.tallies_rebuild() from public;

insert into inspection_tally (township_id, inspection_id, ok, hazard, na)
select township_id, inspection_id, count(*) filter (where result = 'ok'),
       count(*) filter (where result = 'hazard'), count(*) filter (where result = 'na')
  from inspection_result group by 1, 2;

alter table inspection_tally enable row level security;
alter table inspection_tally force row level security;
create policy inspection_tally_all_owner on inspection_tally to safegrid_owner using (true) with check (true);
create policy inspection_tally_select_app on inspection_tally for select to safegrid_app
  using (exists (select 1 from inspection i where i.township_id = inspection_tally.township_id
                                             and i.id = inspection_tally.inspection_id));
grant select on inspection_tally to safegrid_app;
