-- Hazards: what the list and the life cycle need beyond 0007's tables.

-- ---------------------------------------------------------------------------
-- Hazards: overdue, computed
-- ---------------------------------------------------------------------------
-- A hazard is overdue when its deadline has passed and it is neither
-- submitted nor closed; never stored, so it cannot go stale overnight.
-- Written out for the planner (inlined), so a filter on it can use
-- hazard_deadline.
create function app.hazard_overdue(p_status text, p_deadline date) returns boolean
  language sql stable parallel safe
  as $$ select p_status in ('reported', 'rectifying') and coalesce(p_deadline < app.today(), false) $$;
grant execute on function app.hazard_overdue(text, date) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Hazards: the list's orders
-- ---------------------------------------------------------------------------
-- sort=deadline walks hazard_due: soonest first, hazards without a
-- deadline (rectified on the spot) last, the id breaking ties -- the key
-- the list's cursor carries.  A column rather than an expression index:
-- under row-level security the planner compares a cursor with an
-- expression such as coalesce() only after the policy's filter (it is not
-- leakproof), which would read the township's hazards from the start on
-- every page; a plain column's comparison goes into the index condition.
alter table hazard add column due_key date not null
  generated always as (coalesce(deadline, date '9999-12-31')) stored;
create index hazard_due on hazard (township_id, due_key, id);

-- A county admin's list spans the county's townships: newest first across
-- them, filtered by row-level security as the walk goes.
create index hazard_created on hazard (created_at desc, id desc);

-- Closed in a date range (the daily report's "closed today").
create index hazard_closed on hazard (township_id, closed_at) where closed_at is not null;

-- ---------------------------------------------------------------------------
-- Hazards: who did what, for everyone who follows the hazard
-- ---------------------------------------------------------------------------
-- An enterprise user sees only its own row of app_user, yet its hazard's
-- timeline names the cadres who verified or rejected: the display name of a
-- user of the caller's own township (a county admin: county), nothing else.
create function app.display_name(p_user_id bigint) returns text
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select u.display_name from app_user u
   where u.id = p_user_id and u.county_id = app.county_id()
     and (u.township_id = app.township_id() or app.role() = 'county_admin')
$$;
revoke execute on function app.display_name(bigint) from public;
grant execute on function app.display_name(bigint) to safegrid_app;
