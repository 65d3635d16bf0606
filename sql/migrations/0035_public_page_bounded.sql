-- The public page (/p/{token}) answers in bounded size.
--
-- Anyone who reads an enterprise's QR code may ask for its page, and until
-- now the page listed every open hazard and every one closed in the last 90
-- days: an enterprise with thousands of them made a page of megabytes that
-- took seconds to build, for a phone on a slow network at the gate, and for
-- anyone who asks it again and again.  The page now lists at most 50 of them,
-- in the same order as before (open ones first, the soonest deadline first),
-- and says how many there are in all: "hazard_counts" {"open", "overdue",
-- "closed_recently"} counts every one the list would have held, so the page
-- and the printed notice can say what is not listed.  The counts are made
-- here, once, for both.
--
-- As plpgsql, planned once a session: a `language sql` function with a SET
-- clause is never inlined, and its statement is parsed and planned again at
-- every call (0031), which cost this page more than running it.

create or replace function app.public_enterprise(p_token text) returns json
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return (
  select json_build_object(
    'enterprise', json_build_object('name', e.name, 'address', e.address),
    'township', json_build_object('name', t.name),
    'cadre', (select json_build_object('display_name', u.display_name)
                from enterprise_assignment a
                join campaign c on c.id = a.campaign_id and c.status = 'active'
                join app_user u on u.id = a.user_id
               where a.township_id = e.township_id and a.enterprise_id = e.id and a.ends_on is null
               order by c.starts_on desc, a.starts_on desc, a.id desc limit 1),
    -- The township's inspections; the enterprise's own self-inspections are not counted here.
    'latest_inspection_on', (select max(i.inspected_on) from inspection i
                              where i.township_id = e.township_id and i.enterprise_id = e.id
                                and i.status = 'submitted' and i.kind <> 'self'),
    'latest_inspection', case when latest.inspected_on is not null
                              then json_build_object('inspected_on', latest.inspected_on,
                                                     'kind', latest.kind) end,
    'hazard_counts', (
      select json_build_object(
               'open', count(*) filter (where h.status <> 'closed'),
               'overdue', count(*) filter (where app.hazard_overdue(h.status, h.deadline)),
               'closed_recently', count(*) filter (where h.status = 'closed'))
        from hazard h
       where h.township_id = e.township_id and h.enterprise_id = e.id
         and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')),
    'hazards', coalesce((
      select json_agg(json_build_object(
               'item_code', ci.code,
               'item', coalesce(ci.text, '登记隐患'),
               'mode', s.mode,
               'deadline', s.deadline,
               'status', s.status,
               'overdue', app.hazard_overdue(s.status, s.deadline),
               'reported_on', (s.created_at at time zone 'Asia/Shanghai')::date,
               'closed_on', (s.closed_at at time zone 'Asia/Shanghai')::date)
             order by s.status = 'closed', s.closed_at desc, s.deadline nulls first, s.created_at, s.id)
        from (select h.id, h.item_id, h.source, h.mode, h.deadline, h.status, h.created_at, h.closed_at
                from hazard h
               where h.township_id = e.township_id and h.enterprise_id = e.id
                 and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')
               order by h.status = 'closed', h.closed_at desc, h.deadline nulls first, h.created_at, h.id
               limit 50) s
        left join checklist_item ci on ci.id = s.item_id and s.source = 'inspection'), '[]'),
    'as_of', app.today())
    from enterprise e
    join township t on t.id = e.township_id
    left join lateral (select i.inspected_on, i.kind from inspection i
                        where i.township_id = e.township_id and i.enterprise_id = e.id
                          and i.status = 'submitted'
                        order by i.inspected_on desc, i.id desc limit 1) latest on true
   where e.public_token = p_token);
end
$$;
