-- 0036: counting the tallies again takes memory bounded by a township.
--
-- app.tallies_rebuild (0026, 0027) handed each apply function one array of
-- every row of its table.  PostgreSQL refuses an array over 1 GB: at five
-- times the benchmark county (43,000,000 inspection results, 5,000,000
-- hazards) the results' array alone is past it, and the rebuild -- which a
-- bulk load must run (seed-bench does) -- failed.  The same apply functions
-- now take a township at a time, and a township's results 20,000
-- inspections at a time (about 860,000 results, some 40 MB), each read by
-- the leading columns of the table's key.  What is counted, and the apply
-- functions that count it, are unchanged: the triggers' deltas and the
-- rebuild still add up through the same code.

create or replace function app.tallies_rebuild() returns void
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  t bigint;
  lo bigint;
  hi bigint;
begin
  delete from hazard_tally;
  delete from hazard_due_count;
  delete from hazard_day;
  delete from inspected_enterprise;
  delete from township_tally;
  delete from inspection_tally;
  for t in select id from township order by id loop
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, 1)::app.hazard_delta
        from hazard where township_id = t));
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, 1)::app.inspection_delta
        from inspection where township_id = t and status = 'submitted'));
    select min(id), max(id) into lo, hi from inspection where township_id = t;
    while lo <= hi loop
      perform app.inspection_tally_apply(array(
        select row(township_id, inspection_id, result, 1)::app.result_delta
          from inspection_result
         where township_id = t and inspection_id >= lo and inspection_id < lo + 20000));
      lo := lo + 20000;
    end loop;
  end loop;
end
$$;
revoke execute on function app.tallies_rebuild() from public;
