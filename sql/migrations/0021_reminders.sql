-- Reminders (定时提醒): what `safegridctl jobs` makes on its schedule, through
-- app.notify (0020), each once: its key is the user, kind, subject and day
-- (notification_reminder), so two jobs processes at once, or a pass run
-- again, never make one twice.

-- The hour by which a township's working groups send the day's report
-- (日报截止时间), in the township's time zone.
alter table township add column report_cutoff time not null default '17:00'
  check (report_cutoff between '00:00' and '23:59');
grant update (report_cutoff) on township to safegrid_app;

-- As the API shows a township: with its cut-off, "HH:MM" (PATCH /townships/{id} sets it).
create or replace view app.township_json with (security_invoker = true) as
  select t.id, t.county_id, t.name,
         json_build_object(
           'id', t.id, 'county_id', t.county_id, 'name', t.name, 'code', t.code,
           'slug', t.slug, 'time_zone', t.time_zone, 'active', t.active,
           'report_cutoff', to_char(t.report_cutoff, 'HH24:MI'),
           'version', t.version, 'created_at', t.created_at, 'updated_at', t.updated_at) as json
    from township t;

-- ---------------------------------------------------------------------------
-- One pass
-- ---------------------------------------------------------------------------
-- Makes, as of p_now, the reminders due and not yet made; returns how many.
--   hazard_due_soon  an open hazard due within 2 days: its responsible person
--                    and its enterprise's users (once per deadline);
--   hazard_overdue   an open hazard past its deadline: the same (once per
--                    deadline; one that passed more than 7 days ago is left
--                    alone, so a first pass does not remind of old ones);
--   letter_unsigned  a responsibility letter still unsigned 7 days into its
--                    active campaign: the one who signs (else the grid node's
--                    responsible person) and the one who issued it (once);
--   report_missing   a working group of an active campaign without the
--                    day's report at the township's cut-off hour: its leader,
--                    else the township's committee (once a day; the subject
--                    is the group, subject_type daily_report).
create function app.make_reminders(p_now timestamptz default now()) returns integer
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  today date := (p_now at time zone 'Asia/Shanghai')::date;
  made integer := 0;
begin
  -- One pass at a time: a second waits, then finds the first's reminders made.
  perform pg_advisory_xact_lock(hashtext('safegrid.make_reminders'));
  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_due_soon', 'hazard', h.id, '隐患即将到期',
           '隐患' || app.notify_quote(h.description) || '的整改期限为' || to_char(h.deadline, 'YYYY-MM-DD')
           || case when h.deadline = today then '，今天到期。' else '，还剩' || (h.deadline - today) || '天。' end,
           h.deadline)), 0)
    into made
    from hazard h
   where h.status in ('reported', 'rectifying') and h.deadline between today and today + 2;

  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_overdue', 'hazard', h.id, '隐患已逾期',
           '隐患' || app.notify_quote(h.description) || '已超过整改期限' || to_char(h.deadline, 'YYYY-MM-DD')
           || '，请尽快整改。', h.deadline)), 0)
    into made
    from hazard h
   where h.status in ('reported', 'rectifying') and h.deadline between today - 7 and today - 1;

  select made + coalesce(sum(app.notify(r.township_id,
           array[coalesce(r.signer_user_id, n.responsible_user_id), r.issuer_user_id],
           'letter_unsigned', 'letter', r.id, '责任书未签订',
           '「' || n.name || '」的安全生产责任书在「' || c.name || '」开始一周后仍未签订，请尽快签订。',
           c.starts_on + 7)), 0)
    into made
    from responsibility_letter r
    join campaign c on c.township_id = r.township_id and c.id = r.campaign_id
    join grid_node n on n.township_id = r.township_id and n.id = r.grid_node_id
   where r.signed_on is null and c.status = 'active' and c.starts_on + 7 <= today;

  select made + coalesce(sum(app.notify(g.township_id,
           case when g.leader_user_id is not null then array[g.leader_user_id]
                else app.recipient_users(g.township_id, 'township', g.township_id) end,
           'report_missing', 'daily_report', g.id, '今日日报未报送',
           '「' || g.name || '」截至' || to_char(t.report_cutoff, 'HH24:MI') || '尚未报送'
           || to_char(t.local_day, 'YYYY-MM-DD') || '的日报。', t.local_day)), 0)
    into made
    from (select t.id, t.report_cutoff, (p_now at time zone t.time_zone)::date as local_day
            from township t
           where t.active and (p_now at time zone t.time_zone)::time >= t.report_cutoff) t
    join working_group g on g.township_id = t.id
    join campaign c on c.township_id = g.township_id and c.id = g.campaign_id
   where c.status = 'active' and t.local_day between c.starts_on and c.ends_on
     and not exists (select 1 from daily_report d where d.township_id = g.township_id
                        and d.report_date = t.local_day and d.group_id = g.id);
  return made;
end
$$;
