-- The public page (/p/{token}) and the tipster's protection.
--
-- The gate says what kind of inspection it last saw, the enterprise's own
-- self-inspection (企业自查) included, since the hazards it lists may come
-- from one.  And the enterprise never learns that a hazard came from a tip
-- (DESIGN.md, "A citizen who sends a tip is protected"): the tip's row and
-- its photo's row are out of its reach under row-level security, and what
-- the hazard's own columns would betray -- its source, its tip's id, the
-- note of its first event -- is shown to it through the functions below,
-- the one place that rule is written.

-- ---------------------------------------------------------------------------
-- The gate notice: the latest inspection and its kind
-- ---------------------------------------------------------------------------

-- As 0010's, with "latest_inspection": {"inspected_on", "kind"} of the
-- latest submitted inspection of any kind, the enterprise's own
-- self-inspection included (null if none yet): the gate says what kind it
-- was.  "latest_inspection_on" stays what it was, the latest by the
-- township (not a self-inspection).  A draft is never counted: an
-- unannounced inspection is the supervision group's until submitted.
create or replace function app.public_enterprise(p_token text) returns json
  language sql stable security definer set search_path = public, pg_catalog
  as $$
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
    'hazards', coalesce((
      select json_agg(json_build_object(
               'item_code', ci.code,
               'item', coalesce(ci.text, '登记隐患'),
               'mode', h.mode,
               'deadline', h.deadline,
               'status', h.status,
               'overdue', app.hazard_overdue(h.status, h.deadline),
               'reported_on', (h.created_at at time zone 'Asia/Shanghai')::date,
               'closed_on', (h.closed_at at time zone 'Asia/Shanghai')::date)
             order by h.status = 'closed', h.closed_at desc, h.deadline nulls first, h.created_at, h.id)
        from hazard h
        left join checklist_item ci on ci.id = h.item_id and h.source = 'inspection'
       where h.township_id = e.township_id and h.enterprise_id = e.id
         and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')), '[]'),
    'as_of', app.today())
    from enterprise e
    join township t on t.id = e.township_id
    left join lateral (select i.inspected_on, i.kind from inspection i
                        where i.township_id = e.township_id and i.enterprise_id = e.id
                          and i.status = 'submitted'
                        order by i.inspected_on desc, i.id desc limit 1) latest on true
   where e.public_token = p_token
$$;

-- ---------------------------------------------------------------------------
-- Tips: what the enterprise is shown
-- ---------------------------------------------------------------------------

-- Whether the caller is kept from knowing a hazard came from a tip: the
-- enterprise's own users.
create function app.tip_hidden() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(app.role() = 'enterprise', false) $$;

-- A hazard's source as the caller is shown it: a tip's hazard is, to the
-- enterprise, one the department registered (it did, when accepting it).
create function app.hazard_source_shown(p_source text) returns text
  language sql stable parallel safe
  as $$ select case when p_source = 'tip' and app.tip_hidden() then 'registration' else p_source end $$;

-- A hazard's tip, as the caller is shown it: never to the enterprise.
create function app.hazard_tip_id_shown(p_tip_id bigint) returns bigint
  language sql stable parallel safe
  as $$ select case when app.tip_hidden() then null else p_tip_id end $$;

-- A hazard event's note, as the caller is shown it: the first event of a
-- tip's hazard names the tip ("群众举报 #…"), which the enterprise is not
-- shown.
create function app.hazard_event_note_shown(p_note text, p_action text, p_source text) returns text
  language sql stable parallel safe
  as $$ select case when p_action = 'report' and p_source = 'tip' and app.tip_hidden() then null
                    else p_note end $$;

grant execute on function app.tip_hidden(), app.hazard_source_shown(text),
  app.hazard_tip_id_shown(bigint), app.hazard_event_note_shown(text, text, text) to safegrid_app;

-- A tip's photo, as a row: the township's staff only, whatever else of the
-- township the caller reads (restrictive: it narrows every permissive
-- policy of the table, today's and those added later).  Its copy on the
-- hazard is the hazard's, stripped of metadata when the tip sent it.
create policy attachment_select_tip_staff_app on attachment as restrictive for select to safegrid_app
  using (entity_type <> 'tip' or not (select app.tip_hidden()));
