-- 0039: who an enterprise's users are, and whom a notification reaches, are
-- each written once.
--
-- app.hazard_reminders_owed (0030) tells the reminder pass which hazards
-- still owe someone a reminder.  It spelled out both rules again beside the
-- functions that own them: the enterprise's users as app.recipient_users
-- names them, and the users app.notify reaches.  Had either changed alone,
-- the pass would have counted as owed a hazard whose reminder app.notify
-- will never make, and called app.notify for it on every pass.  Now each
-- rule is a function that PostgreSQL inlines into the statement that calls
-- it (plain SQL: no SECURITY DEFINER, no SET), so the set-based pass keeps
-- its one plan and its index lookups, and app.recipient_users (still
-- plpgsql, 0031), app.notify and app.hazard_reminders_owed all ask it.

-- The users of enterprise p_enterprise_id of township p_township_id.  Read
-- by the security-definer functions below, as their owner.
create function app.enterprise_user_ids(p_township_id bigint, p_enterprise_id bigint) returns setof bigint
  language sql stable parallel safe
  as $$
  select x.id from public.app_user x
   where x.township_id = p_township_id and x.role = 'enterprise' and x.enterprise_id = p_enterprise_id
$$;
revoke execute on function app.enterprise_user_ids(bigint, bigint) from public;

-- Whether a notification of township p_township_id reaches user u: an active
-- user of the township, or the county's administrator.
create function app.notification_reaches(u public.app_user, p_township_id bigint) returns boolean
  language sql immutable parallel safe
  as $$ select u.active and (u.township_id = p_township_id or u.role = 'county_admin') $$;
revoke execute on function app.notification_reaches(public.app_user, bigint) from public;

-- plpgsql, planned once a session, as 0031 made it.
create or replace function app.recipient_users(p_township_id bigint, p_kind text, p_id bigint) returns bigint[]
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return (
    select coalesce(array_agg(distinct u), '{}') from (
      select p_id as u where p_kind = 'user'
      union all
      select x from app.enterprise_user_ids(p_township_id, p_id) x where p_kind = 'enterprise'
      union all
      select n.responsible_user_id from grid_node n
       where p_kind = 'grid_node' and n.township_id = p_township_id and n.id = p_id
      union all
      select g.leader_user_id from working_group g
       where p_kind = 'group' and g.township_id = p_township_id and g.id = p_id
      union all
      select m.user_id from group_member m
       where p_kind = 'group' and m.township_id = p_township_id and m.group_id = p_id
      union all
      select x.id from app_user x where p_kind = 'township' and p_id = p_township_id
                                    and x.township_id = p_township_id and x.role = 'committee') r
     where u is not null
  );
end
$$;

-- Notify users p_user_ids (repeats and nulls ignored) of the township: those
-- a notification reaches, never the one whose write it is.  A reminder
-- (p_day not null) already made is not made again.  Returns how many were made.
create or replace function app.notify(p_township_id bigint, p_user_ids bigint[], p_kind text,
                                      p_subject_type text, p_subject_id bigint, p_title text, p_body text,
                                      p_day date default null)
  returns integer
  language sql security definer set search_path = public, pg_catalog
  as $$
  with made as (
    insert into notification (township_id, user_id, kind, subject_type, subject_id, title, body, reminder_day)
    select p_township_id, u.id, p_kind, p_subject_type, p_subject_id, p_title, left(p_body, 1000), p_day
      from app_user u
     where u.id = any (p_user_ids) and app.notification_reaches(u, p_township_id)
       and u.id is distinct from app.user_id()
     order by u.id
    on conflict do nothing
    returning *),
  queued as (
    insert into notification_outbox (township_id, notification_id, payload)
    select m.township_id, m.id,
           jsonb_build_object('notification_id', m.id, 'user_id', m.user_id, 'username', u.username,
                              'display_name', u.display_name, 'phone', u.phone,
                              'township_id', m.township_id, 'kind', m.kind, 'title', m.title, 'body', m.body,
                              'subject_type', m.subject_type, 'subject_id', m.subject_id,
                              'created_at', m.created_at)
      from made m join app_user u on u.id = m.user_id
    returning 1)
  select count(*)::int from queued
$$;


-- The hazards owed a reminder of kind p_kind: open, their deadline between
-- p_from and p_to, and one of their recipients -- the responsible person and
-- the enterprise's users, as app.make_reminders names them -- reached by a
-- notification and without this reminder for this deadline yet.
create or replace function app.hazard_reminders_owed(p_kind text, p_from date, p_to date) returns setof bigint
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select distinct h.id
    from township t
    join hazard h on h.township_id = t.id   -- per township: hazard_overdue_by
    cross join lateral (select h.responsible_user_id
                        union all
                        select x from app.enterprise_user_ids(h.township_id, h.enterprise_id) x) r (user_id)
    join app_user u on u.id = r.user_id and app.notification_reaches(u, h.township_id)
   where h.status in ('reported', 'rectifying') and h.deadline between p_from and p_to
     and not exists (select 1 from notification n
                      where n.user_id = u.id and n.kind = p_kind and n.subject_type = 'hazard'
                        and n.subject_id = h.id and n.reminder_day = h.deadline)
$$;
revoke execute on function app.hazard_reminders_owed(text, date, date) from public;
