-- 0011: what the lists need to be fast (tests/bench, docs/benchmarks.md).

-- ---------------------------------------------------------------------------
-- Hazards: indexes over the open ones
-- ---------------------------------------------------------------------------
-- Open hazards (reported, rectifying) are a few percent of a township's, and
-- they are what the daily work lists: the open list, newest first, and the
-- overdue ones of a sector.  The list writes the open statuses as constants
-- wherever a filter implies them, so that these predicates can be proved.
create index hazard_open_created on hazard (township_id, created_at desc, id desc)
  where status in ('reported', 'rectifying');
create index hazard_open_sector on hazard (township_id, sector_id, created_at desc, id desc)
  where status in ('reported', 'rectifying');

-- ---------------------------------------------------------------------------
-- Users: names for everyone who may read a hazard
-- ---------------------------------------------------------------------------
-- The name of the person a hazard or an event names, for every caller who
-- may read it -- an enterprise user too, who may not read other users' rows.
-- app.display_name() did this per row, and a security-definer function costs
-- a call, a plan and a change of role each time: in a list, more than the
-- list itself.  A view owned by the owner reads app_user with the owner's
-- rights and only these two columns, under the same rule (users of the
-- caller's township, or of the county for a county admin); the planner joins
-- it like a table.  security_barrier keeps a caller's own conditions from
-- being evaluated before the rule.
create view app.user_name with (security_barrier) as
  select u.id, u.display_name as name
    from app_user u
   where u.county_id = app.county_id()
     and (u.township_id = app.township_id() or app.role() = 'county_admin');
grant select on app.user_name to safegrid_app;

drop function app.display_name(bigint);
