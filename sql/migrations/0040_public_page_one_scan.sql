-- 0040: the public page reads the enterprise's hazards once.
--
-- app.public_enterprise (0035) read the same hazards twice: once to count
-- them ("hazard_counts") and once for the 50 it lists, each time through
-- the enterprise's index and every hazard's row (63 pages of 148 for an
-- enterprise with 66 hazards at scale 1).  Now one scan numbers them in the
-- page's order and both are made from it: the counts over all, the list
-- over the first 50 (an aggregate's FILTER is tested before its argument is
-- built, so the rows past 50 cost no JSON).  The page is the same.

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
    'hazard_counts', hz.counts,
    'hazards', hz.list,
    'as_of', app.today())
    from enterprise e
    join township t on t.id = e.township_id
    left join lateral (select i.inspected_on, i.kind from inspection i
                        where i.township_id = e.township_id and i.enterprise_id = e.id
                          and i.status = 'submitted'
                        order by i.inspected_on desc, i.id desc limit 1) latest on true
    -- The open hazards and those closed in the last 90 days, in the page's
    -- order (open ones first, the soonest deadline first): all counted, the
    -- first 50 listed.
    cross join lateral (
      select json_build_object(
               'open', count(*) filter (where s.status <> 'closed'),
               'overdue', count(*) filter (where app.hazard_overdue(s.status, s.deadline)),
               'closed_recently', count(*) filter (where s.status = 'closed')) as counts,
             coalesce(json_agg(json_build_object(
               'item_code', ci.code,
               'item', coalesce(ci.text, '登记隐患'),
               'mode', s.mode,
               'deadline', s.deadline,
               'status', s.status,
               'overdue', app.hazard_overdue(s.status, s.deadline),
               'reported_on', (s.created_at at time zone 'Asia/Shanghai')::date,
               'closed_on', (s.closed_at at time zone 'Asia/Shanghai')::date) order by s.n)
               filter (where s.n <= 50), '[]') as list
        from (select h.item_id, h.source, h.mode, h.deadline, h.status, h.created_at, h.closed_at,
                     row_number() over (order by h.status = 'closed', h.closed_at desc,
                                                 h.deadline nulls first, h.created_at, h.id) as n
                from hazard h
               where h.township_id = e.township_id and h.enterprise_id = e.id
                 and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')) s
        left join checklist_item ci on ci.id = s.item_id and s.source = 'inspection') hz
   where e.public_token = p_token);
end
$$;
