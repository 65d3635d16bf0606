-- Hazard and task rules, each written once where it is enforced: how a
-- hazard is opened (app.hazard_open, whatever its source), its deadline
-- (not in the past, none for on-the-spot rectification, moved after
-- rectification has started only by an extension, 延期), enterprises'
-- self-reported hazards (自查自报), and the breakdown of tasks (a sub-task
-- promises no more and no later than its parent; a parent's progress and
-- state follow its children).

-- ---------------------------------------------------------------------------
-- Hazards: sources and the extension event
-- ---------------------------------------------------------------------------
alter table hazard drop constraint hazard_source_check;
alter table hazard add constraint hazard_source_check
  check (source in ('inspection', 'registration', 'tip', 'self_report'));

-- The rules below replace these checks: their messages come from the trigger.
alter table hazard drop constraint hazard_check1;   -- (severity = 'major') = (mode = 'major')
alter table hazard drop constraint hazard_check2;   -- mode = 'immediate' or deadline is not null

alter table hazard_event drop constraint hazard_event_action_check;
alter table hazard_event add constraint hazard_event_action_check
  check (action in ('report', 'start', 'submit', 'verify', 'reject', 'close', 'reopen', 'edit', 'extend'));
-- A move of the deadline (an extension, or an edit before rectification
-- started) keeps both dates in the timeline.
alter table hazard_event add column deadline_from date;
alter table hazard_event add column deadline_to date;

-- On-the-spot rectification has no deadline, anywhere.
update hazard set deadline = null where mode = 'immediate' and deadline is not null;

-- The list's filters by source and mode.
create index hazard_source on hazard (township_id, source, created_at desc, id desc);
create index hazard_mode on hazard (township_id, mode, created_at desc, id desc);

-- ---------------------------------------------------------------------------
-- Hazards: the rules of a hazard's fields, on every insert and update
-- ---------------------------------------------------------------------------
-- Severity and mode go together; a hazard not rectified on the spot has a
-- deadline, and one rectified on the spot has none; a deadline set by a
-- user of the API is not in the past; after rectification has started, or
-- once the hazard is overdue, the deadline moves only by an extension
-- (app.hazard_extend), and an overdue hazard's only by the committee.
-- The owner (migrations, seeds of past campaigns) writes history and is
-- held to the first three rules only.
create function app.hazard_rules() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  by_app boolean := current_user = 'safegrid_app';
  extending boolean := coalesce(current_setting('app.hazard_extension', true), '') = 'on';
  was_overdue boolean;
begin
  if (new.severity = 'major') <> (new.mode = 'major') then
    raise exception '重大隐患按重大隐患方式整改（mode major），一般隐患不能选此方式'
      using errcode = 'SG422', column = 'mode';
  end if;
  if new.mode = 'immediate' then
    new.deadline := null;
  elsif new.deadline is null then
    raise exception '除立即整改（mode immediate）外，隐患须有整改期限'
      using errcode = 'SG422', column = 'deadline';
  end if;
  if tg_op = 'UPDATE' and new.deadline is not distinct from old.deadline then
    return new;
  end if;
  if by_app and new.deadline < app.today() then
    raise exception '整改期限不能早于今天（%）', app.today()
      using errcode = 'SG422', column = 'deadline';
  end if;
  if tg_op = 'UPDATE' and by_app and old.deadline is not null and new.deadline is not null then
    was_overdue := app.hazard_overdue(old.status, old.deadline);
    if was_overdue and app.role() is distinct from 'committee' then
      raise exception '隐患已逾期，只有指挥部可以批准延期'
        using errcode = 'SG403', column = 'deadline';
    end if;
    if not extending and (was_overdue or old.status <> 'reported') then
      raise exception '整改开始后或逾期后，期限只能通过延期变更（写明理由）'
        using errcode = 'SG409', column = 'deadline';
    end if;
  end if;
  return new;
end
$$;
create trigger hazard_rules before insert or update of severity, mode, deadline on hazard
  for each row execute function app.hazard_rules();

-- ---------------------------------------------------------------------------
-- Hazards: opening one, whatever its source
-- ---------------------------------------------------------------------------
-- Every hazard is opened here: a registration, an enterprise's own report,
-- an accepted tip and each failed item of a submitted inspection.  p holds
-- the hazard's fields (description, severity, mode, measure, deadline,
-- responsible_user_id, five_items, grid_node_id, sector_id, campaign_id);
-- the grid node and sector default to the enterprise's.  The hazard's first
-- event, "report", goes in with it, with note p_note and the photos
-- p_attachment_ids (and an accepted tip's photo, copied as "before").  Answers the new hazard's id; null when the enterprise
-- is not one the caller can see.  The rules of the fields are
-- app.hazard_rules()'s, run by the insert.
create function app.hazard_open(p jsonb, p_enterprise_id bigint, p_source text,
                                p_inspection_id bigint default null, p_item_id bigint default null,
                                p_tip_id bigint default null, p_note text default null,
                                p_attachment_ids bigint[] default '{}',
                                p_actor_id bigint default app.user_id(),
                                p_at timestamptz default now())
  returns bigint
  language plpgsql volatile set search_path = public, pg_catalog
  as $$
declare
  made bigint;
  photos bigint[] := p_attachment_ids;
begin
  insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source,
                      inspection_id, item_id, tip_id, description, severity, mode, measure,
                      deadline, responsible_user_id, five_items, created_by, created_at, updated_at)
  select e.township_id, e.id, coalesce((p->>'grid_node_id')::bigint, e.grid_node_id),
         coalesce((p->>'sector_id')::bigint, e.sector_id), (p->>'campaign_id')::bigint, p_source,
         p_inspection_id, p_item_id, p_tip_id, p->>'description', p->>'severity', p->>'mode',
         nullif(p->>'measure', ''), (p->>'deadline')::date, (p->>'responsible_user_id')::bigint,
         case when jsonb_typeof(p->'five_items') = 'object' then p->'five_items' end,
         p_actor_id, p_at, p_at
    from enterprise e
   where e.id = p_enterprise_id
  returning id into made;
  if made is null then
    return null;
  end if;
  -- A tip's photo becomes the hazard's first "before" photo.
  if p_tip_id is not null then
    with copied as (
      insert into attachment (township_id, sha256, content_type, size, file_name, tag,
                              entity_type, entity_id, uploaded_by)
      select a.township_id, a.sha256, a.content_type, a.size, a.file_name, 'before',
             'hazard', made, p_actor_id
        from tip t join attachment a on a.township_id = t.township_id and a.id = t.photo_attachment_id
       where t.id = p_tip_id
      returning id)
    select photos || coalesce(array_agg(id), '{}') into photos from copied;
  end if;
  insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id,
                            note, attachment_ids, deadline_to, at)
  select h.township_id, h.id, 'report', null, h.status, p_actor_id, p_note, photos, h.deadline, p_at
    from hazard h where h.id = made;
  return made;
end
$$;
revoke execute on function app.hazard_open(jsonb, bigint, text, bigint, bigint, bigint, text, bigint[],
                                           bigint, timestamptz) from public;
grant execute on function app.hazard_open(jsonb, bigint, text, bigint, bigint, bigint, text, bigint[],
                                          bigint, timestamptz) to safegrid_app;

-- A submitted inspection opens one hazard per item found wanting, in the
-- items' order: a major item as a major hazard within 30 days of the
-- inspection, another in the inspector's mode (by a deadline unless said
-- otherwise) within 15 days unless the inspector set the deadline, and none
-- for one rectified on the spot.  An item's hazard is not opened twice.
create or replace function app.inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint,
                                                       p_at timestamptz default now())
  returns void
  language plpgsql volatile set search_path = public, pg_catalog
  as $$
declare
  item record;
begin
  for item in
    select i.enterprise_id, i.campaign_id, x.id as item_id, x.default_severity,
           left(x.text || coalesce('：' || r.note, ''), 2000) as description,
           case when x.default_severity = 'major' then 'major' else coalesce(r.mode, 'deadline') end as mode,
           r.measure, r.deadline, i.inspected_on
      from inspection i
      join inspection_result r on r.township_id = i.township_id and r.inspection_id = i.id
                              and r.result = 'hazard'
      join checklist_item x on x.id = r.item_id
     where i.id = p_inspection_id and i.status = 'submitted'
       and not exists (select 1 from hazard h where h.inspection_id = i.id and h.item_id = x.id)
     order by x.position
  loop
    perform app.hazard_open(
      jsonb_build_object('description', item.description, 'severity', item.default_severity,
                         'mode', item.mode, 'measure', item.measure, 'campaign_id', item.campaign_id,
                         'deadline', case when item.mode <> 'immediate' then
                           coalesce(item.deadline,
                                    item.inspected_on + case when item.mode = 'major' then 30 else 15 end)
                         end),
      item.enterprise_id, 'inspection', p_inspection_id, item.item_id,
      p_actor_id => p_actor_id, p_at => p_at);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------
-- Hazards: extension (延期)
-- ---------------------------------------------------------------------------
-- Moves open hazard p_id's deadline to p_deadline for reason p_reason, if
-- its version is still p_version: an "extend" event with both dates.
-- Answers the hazard's id, or null for a stale version; 404/409/403/422 as
-- SG errors (the rules are hazard_rules()'s, which lets the deadline move
-- here only).
create function app.hazard_extend(p_id bigint, p_deadline date, p_reason text, p_version int)
  returns bigint
  language plpgsql volatile set search_path = public, pg_catalog
  as $$
declare
  h hazard;
begin
  select * into h from hazard where id = p_id for update;
  if not found then
    raise exception '隐患不存在' using errcode = 'SG404';
  end if;
  if h.version <> p_version then
    return null;
  end if;
  if h.status not in ('reported', 'rectifying') then
    raise exception '只有未报送整改的隐患可以延期' using errcode = 'SG409';
  end if;
  if h.mode = 'immediate' then
    raise exception '立即整改的隐患没有期限，不能延期' using errcode = 'SG409';
  end if;
  if p_deadline <= h.deadline then
    raise exception '延期后的期限须晚于原期限（%）', h.deadline using errcode = 'SG422', column = 'deadline';
  end if;
  perform set_config('app.hazard_extension', 'on', true);
  update hazard set deadline = p_deadline where id = p_id;
  perform set_config('app.hazard_extension', 'off', true);
  insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note,
                            deadline_from, deadline_to)
  values (h.township_id, h.id, 'extend', h.status, h.status, app.user_id(), p_reason,
          h.deadline, p_deadline);
  return p_id;
end
$$;
revoke execute on function app.hazard_extend(bigint, date, text, int) from public;
grant execute on function app.hazard_extend(bigint, date, text, int) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Tasks: the breakdown keeps its promises
-- ---------------------------------------------------------------------------
-- Progress never passes the target; a sub-task's deadline is not after its
-- parent's, and the targets of a task's sub-tasks (those not cancelled) add
-- up to no more than its own; a task cannot shrink below what its
-- sub-tasks promise.
create function app.task_plan_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  p task;
  promised bigint;
  latest date;
begin
  if new.progress > new.target then
    raise exception '进度（%）不能超过目标（%）', new.progress, new.target
      using errcode = 'SG422', column = 'progress';
  end if;
  if new.parent_id is not null and new.state <> 'cancelled' then
    select * into p from task where township_id = new.township_id and id = new.parent_id;
    if new.deadline > p.deadline then
      raise exception '子任务的期限不能晚于上级任务的期限（%）', p.deadline
        using errcode = 'SG422', column = 'deadline';
    end if;
    select coalesce(sum(c.target), 0) into promised from task c
     where c.township_id = new.township_id and c.parent_id = new.parent_id
       and c.id is distinct from new.id and c.state <> 'cancelled';
    if promised + new.target > p.target then
      raise exception '子任务的目标合计（%）不能超过上级任务的目标（%）', promised + new.target, p.target
        using errcode = 'SG422', column = 'target';
    end if;
  end if;
  if tg_op = 'UPDATE' then
    select coalesce(sum(c.target), 0), max(c.deadline) into promised, latest from task c
     where c.township_id = new.township_id and c.parent_id = new.id and c.state <> 'cancelled';
    if new.target < promised then
      raise exception '目标不能少于子任务的目标合计（%）', promised
        using errcode = 'SG422', column = 'target';
    end if;
    if new.deadline < latest then
      raise exception '期限不能早于子任务中最晚的期限（%）', latest
        using errcode = 'SG422', column = 'deadline';
    end if;
  end if;
  return new;
end
$$;
create trigger task_plan_guard before insert or update of target, deadline, progress, parent_id, state on task
  for each row execute function app.task_plan_guard();

-- A parent's progress is the sum of its children's, and its state follows
-- theirs: done when every sub-task not cancelled is done, in progress once
-- any has started or reported progress, open otherwise.
-- Security definer, as 0005 made it: a department reporting on its own
-- sub-task moves a parent it may not write itself.
create or replace function app.task_rollup() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  parent bigint;
  town bigint := coalesce(new.township_id, old.township_id);
begin
  foreach parent in array array_remove(array[
      case when tg_op = 'UPDATE' and old.parent_id is distinct from new.parent_id then old.parent_id end,
      coalesce(new.parent_id, old.parent_id)], null)
  loop
    update task t set
      progress = k.progress,
      state = case when t.state = 'cancelled' then t.state
                   when k.active > 0 and k.done = k.active then 'done'
                   when k.started > 0 or k.progress > 0 then 'in_progress'
                   else 'open' end
      from (select coalesce(sum(c.progress), 0) as progress,
                   count(*) filter (where c.state <> 'cancelled') as active,
                   count(*) filter (where c.state = 'done') as done,
                   count(*) filter (where c.state in ('in_progress', 'done')) as started
              from task c where c.township_id = town and c.parent_id = parent) k
     where t.township_id = town and t.id = parent;
  end loop;
  return null;
end
$$;
drop trigger task_rollup on task;
create trigger task_rollup after insert or update of progress, parent_id, state or delete on task
  for each row when (pg_trigger_depth() < 16) execute function app.task_rollup();

-- Neither progress nor state of a task with sub-tasks is set by hand
-- (cancelling it is).
create or replace function app.task_progress_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if pg_trigger_depth() = 1
     and (new.progress is distinct from old.progress
          or (new.state is distinct from old.state and new.state <> 'cancelled'))
     and exists (select 1 from task c where c.township_id = new.township_id and c.parent_id = new.id) then
    raise exception '有子任务的任务，进度和状态随子任务汇总，不能直接填写'
      using errcode = 'SG422', column = case when new.progress is distinct from old.progress
                                             then 'progress' else 'state' end;
  end if;
  return new;
end
$$;
drop trigger task_progress_guard on task;
create trigger task_progress_guard before update of progress, state on task
  for each row execute function app.task_progress_guard();
