-- 0044: one home for "an enterprise's cadre now".
--
-- An assignment names an enterprise's cadre (包扶干部) while it has no end
-- (a new assignment ends the one before it, 0003) and its campaign is not
-- closed (a closed campaign can no longer end its assignments).  That rule
-- was written out in three places: the enterprise list's filters and its
-- ledger (fcgi/api/enterprise.c), the hazard list's cadre filters
-- (fcgi/api/hazard.c) and the stored cadres of each enterprise (0043).
-- app.assigned_cadre is now its one home, and all three read it.
--
-- * A view with security_invoker: the caller's policies on
--   enterprise_assignment and campaign apply, as when the statements named
--   the tables themselves.  PostgreSQL inlines it, so the plans are those of
--   the statements it replaces.
-- * What the public reads at the gate (0040) and the campaign a tip's
--   hazard is registered under (fcgi/api/tip.c) ask for an *active*
--   campaign instead: the public and the tips see the cadres of a campaign
--   under way, not those of one still being planned.  The work queue and the
--   tallies (0026, 0029) count a cadre's enterprises up to the end day of
--   the assignment, so that a handover does not drop the day's work.  A
--   department cadre acts on the enterprise's hazards while the assignment
--   has no end, whatever its campaign (app.department_covers, 0015).  Those
--   are other rules, and stay where they are.

create view app.assigned_cadre with (security_invoker = true) as
  select a.*
    from enterprise_assignment a
    join campaign c on c.township_id = a.township_id and c.id = a.campaign_id
   where a.ends_on is null and c.status <> 'closed';
grant select on app.assigned_cadre to safegrid_app;

-- 0043's definition, now of the view.
create or replace function app.enterprise_cadres_computed() returns setof enterprise_cadres
  language sql stable
  as $$
  select a.enterprise_id, a.township_id,
         json_agg(json_build_object('campaign_id', a.campaign_id, 'user_id', a.user_id,
                                    'display_name', u.display_name, 'starts_on', a.starts_on)
                  order by a.campaign_id)
    from app.assigned_cadre a
    join app_user u on u.township_id = a.township_id and u.id = a.user_id
   group by a.enterprise_id, a.township_id
$$;

-- The arrays of enterprises p_ids written again from the rows, each computed
-- once: 0043's version asked the computed arrays again for each stored row
-- it meant to delete.  The rows of enterprises left without a cadre are
-- deleted, the others written where they differ; the two never touch the
-- same row.
create or replace function app.enterprise_cadres_refresh(p_ids bigint[]) returns void
  language plpgsql security definer
  set search_path = public, pg_catalog
  set plan_cache_mode = force_generic_plan
  as $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  with n as materialized (
    select * from app.enterprise_cadres_computed() n where n.enterprise_id = any (p_ids)),
  gone as (
    delete from enterprise_cadres k
     where k.enterprise_id = any (p_ids)
       and not exists (select 1 from n where n.enterprise_id = k.enterprise_id))
  insert into enterprise_cadres as k
  select * from n order by n.enterprise_id
  on conflict (enterprise_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json::text <> excluded.json::text or k.township_id <> excluded.township_id;
end
$$;
