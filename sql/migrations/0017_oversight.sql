-- Oversight: daily reports (日报), supervision orders (督办单), accountability
-- (问责), and the figures the dashboards and the daily report count.
--
-- Every state an outside reader may follow (an order's addressee, its
-- state, a report's submission, the committee's read mark) is a plain
-- column of a plain row, so a later trigger (notifications) can hook in.

-- ---------------------------------------------------------------------------
-- Supervision orders: numbering
-- ---------------------------------------------------------------------------
-- One counter row per township and year, taken under its row lock in the
-- issuing transaction: two orders issued at the same moment queue on the
-- row, and a rolled-back issue gives its number back, so numbers have no
-- gaps and no duplicates.  Written only by the security-definer trigger.
create table supervision_order_counter (
  township_id  bigint not null references township on delete cascade,
  year         integer not null check (year between 2000 and 9999),
  last_number  integer not null check (last_number > 0),
  primary key (township_id, year)
);
alter table supervision_order_counter enable row level security;
alter table supervision_order_counter force row level security;
create policy supervision_order_counter_all_owner on supervision_order_counter
  to safegrid_owner using (true) with check (true);

-- The township's short name in an order's number: 地方镇 → 地方督〔2026〕7号.
create function app.township_short_name(p_name text) returns text
  language sql immutable parallel safe
  as $$ select coalesce(nullif(regexp_replace(p_name, '(镇|乡|街道|街道办事处)$', ''), ''), p_name) $$;

-- ---------------------------------------------------------------------------
-- Supervision orders
-- ---------------------------------------------------------------------------
-- Life cycle (app.supervision_order_transition is its one home):
--   issued ──respond──▶ answered ──accept──▶ closed
--      ▲                   │
--      └──────reject───────┘   (back to the addressee, state "rejected")
--   issued / rejected / answered, past the deadline ──escalate──▶ escalated
--   escalated ──respond──▶ answered
create table supervision_order (
  id                      bigint generated always as identity primary key,
  township_id             bigint not null,
  year                    integer not null,
  seq                     integer not null,
  number                  text not null,
  addressee_user_id       bigint,
  addressee_grid_node_id  bigint,
  matter                  text not null check (length(matter) between 1 and 2000),
  action                  text not null check (length(action) between 1 and 2000),
  deadline                date not null,
  listed                  boolean not null default false,
  state                   text not null default 'issued'
                          check (state in ('issued', 'answered', 'rejected', 'closed', 'escalated')),
  issued_by               bigint not null,
  escalated_at            timestamptz,
  closed_at               timestamptz,
  version                 integer not null default 1,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  unique (township_id, id),
  unique (township_id, year, seq),
  foreign key (township_id, addressee_user_id) references app_user (township_id, id),
  foreign key (township_id, addressee_grid_node_id) references grid_node (township_id, id),
  foreign key (township_id, issued_by) references app_user (township_id, id),
  check ((addressee_user_id is null) <> (addressee_grid_node_id is null)),
  check ((state = 'closed') = (closed_at is not null))
);
create index supervision_order_list on supervision_order (township_id, id);
create index supervision_order_open on supervision_order (township_id, deadline)
  where state <> 'closed';
create index supervision_order_addressee on supervision_order (township_id, addressee_user_id, id);
create trigger supervision_order_touch before update on supervision_order
  for each row execute function app.touch();
create trigger supervision_order_audit after insert or update or delete on supervision_order
  for each row execute function app.audit_row();

create function app.supervision_order_number() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  new.year := extract(year from app.today())::int;
  insert into supervision_order_counter as c (township_id, year, last_number)
  values (new.township_id, new.year, 1)
  on conflict (township_id, year) do update set last_number = c.last_number + 1
  returning last_number into new.seq;
  new.number := (select app.township_short_name(t.name) from township t where t.id = new.township_id)
                || '督〔' || new.year || '〕' || new.seq || '号';
  return new;
end
$$;
create trigger supervision_order_number before insert on supervision_order
  for each row execute function app.supervision_order_number();

create table supervision_order_hazard (
  township_id  bigint not null,
  order_id     bigint not null,
  hazard_id    bigint not null,
  primary key (township_id, order_id, hazard_id),
  foreign key (township_id, order_id) references supervision_order (township_id, id),
  foreign key (township_id, hazard_id) references hazard (township_id, id)
);
create index supervision_order_hazard_by_hazard on supervision_order_hazard (township_id, hazard_id);
create table supervision_order_task (
  township_id  bigint not null,
  order_id     bigint not null,
  task_id      bigint not null,
  primary key (township_id, order_id, task_id),
  foreign key (township_id, order_id) references supervision_order (township_id, id),
  foreign key (township_id, task_id) references task (township_id, id)
);
create trigger supervision_order_hazard_audit after insert or update or delete on supervision_order_hazard
  for each row execute function app.audit_row();
create trigger supervision_order_task_audit after insert or update or delete on supervision_order_task
  for each row execute function app.audit_row();

-- Every step of an order: issue, each answer (with attachments), accept,
-- reject, escalate.
create table supervision_order_event (
  id              bigint generated always as identity primary key,
  township_id     bigint not null,
  order_id        bigint not null,
  action          text not null check (action in ('issue', 'respond', 'accept', 'reject', 'escalate')),
  from_state      text,
  to_state        text not null,
  actor_id        bigint not null,
  note            text check (length(note) <= 2000),
  attachment_ids  bigint[] not null default '{}',
  at              timestamptz not null default now(),
  foreign key (township_id, order_id) references supervision_order (township_id, id),
  foreign key (township_id, actor_id) references app_user (township_id, id)
);
create index supervision_order_event_order on supervision_order_event (township_id, order_id, id);
create trigger supervision_order_event_audit after insert on supervision_order_event
  for each row execute function app.audit_row();

-- Issuing is the first event, written as the order is, by the one who issues.
create function app.supervision_order_issued() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  insert into supervision_order_event (township_id, order_id, action, to_state, actor_id, at)
  values (new.township_id, new.id, 'issue', new.state, new.issued_by, new.created_at);
  return null;
end
$$;
create trigger supervision_order_issued after insert on supervision_order
  for each row execute function app.supervision_order_issued();

-- Whether the caller answers the order: its addressee, or for an order to a
-- unit, the township's committee and department users.
create function app.supervision_order_mine(p_addressee_user_id bigint) returns boolean
  language sql stable parallel safe
  as $$ select case when p_addressee_user_id is null
                    then app.role() in ('committee', 'department')
                    else p_addressee_user_id = app.user_id() end $$;
grant execute on function app.supervision_order_mine(bigint) to safegrid_app;

-- The life cycle, written once.  Raises SG403 (not the caller's step),
-- SG409 (not from this state), SG422 (a note is needed).
create function app.supervision_order_transition(p_id bigint, p_action text, p_note text,
                                                 p_attachment_ids bigint[])
  returns void
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  o supervision_order;
  next text;
begin
  select * into o from supervision_order where id = p_id;
  if not found then
    raise exception 'no such order' using errcode = 'SG404';
  end if;
  if (p_action = 'respond' and not app.supervision_order_mine(o.addressee_user_id))
     or (p_action <> 'respond' and app.role() <> 'supervisor') then
    raise exception 'only the addressee answers an order, and only the supervision group decides on it'
      using errcode = 'SG403';
  end if;
  -- Now that the caller may change it, wait for anyone changing it first.
  select * into o from supervision_order where id = p_id for update;
  if p_action = 'respond' then
    if o.state not in ('issued', 'rejected', 'escalated') then
      raise exception 'the order is % and takes no answer', o.state using errcode = 'SG409';
    end if;
    if coalesce(length(p_note), 0) = 0 then
      raise exception 'an answer says what was done' using errcode = 'SG422', column = 'note';
    end if;
    next := 'answered';
  else
    if p_action in ('accept', 'reject') then
      if o.state <> 'answered' then
        raise exception 'only an answered order is accepted or rejected' using errcode = 'SG409';
      end if;
      if p_action = 'reject' and coalesce(length(p_note), 0) = 0 then
        raise exception 'a rejection gives its reason' using errcode = 'SG422', column = 'note';
      end if;
      next := case p_action when 'accept' then 'closed' else 'rejected' end;
    elsif p_action = 'escalate' then
      if o.state in ('closed', 'escalated') or o.deadline >= app.today() then
        raise exception 'only an open order past its deadline is escalated' using errcode = 'SG409';
      end if;
      next := 'escalated';
    else
      raise exception 'unknown action' using errcode = 'SG422', column = 'action';
    end if;
  end if;
  update supervision_order
     set state = next,
         closed_at = case when next = 'closed' then now() end,
         escalated_at = case when next = 'escalated' then now() else escalated_at end
   where id = p_id;
  insert into supervision_order_event (township_id, order_id, action, from_state, to_state,
                                       actor_id, note, attachment_ids)
  values (o.township_id, o.id, p_action, o.state, next, app.user_id(), p_note,
          coalesce(p_attachment_ids, '{}'));
end
$$;
grant execute on function app.supervision_order_transition(bigint, text, text, bigint[]) to safegrid_app;

-- As the API shows an order.
create view app.supervision_order_json with (security_invoker = true) as
  select o.id, o.township_id, o.state, o.deadline, o.addressee_user_id,
         o.state <> 'closed' and o.deadline < app.today() as overdue,
         jsonb_build_object(
           'id', o.id, 'township_id', o.township_id, 'number', o.number,
           'year', o.year, 'seq', o.seq,
           'addressee_user_id', o.addressee_user_id,
           'addressee_name', (select u.display_name from app_user u
                               where u.township_id = o.township_id and u.id = o.addressee_user_id),
           'addressee_grid_node_id', o.addressee_grid_node_id,
           'addressee_unit', (select g.name from grid_node g
                               where g.township_id = o.township_id and g.id = o.addressee_grid_node_id),
           'matter', o.matter, 'action', o.action, 'deadline', o.deadline,
           'listed', o.listed, 'state', o.state,
           'overdue', o.state <> 'closed' and o.deadline < app.today(),
           'hazard_ids', coalesce((select jsonb_agg(l.hazard_id order by l.hazard_id)
                                     from supervision_order_hazard l
                                    where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'task_ids', coalesce((select jsonb_agg(l.task_id order by l.task_id)
                                   from supervision_order_task l
                                  where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'issued_by', o.issued_by, 'escalated_at', o.escalated_at, 'closed_at', o.closed_at,
           'version', o.version, 'created_at', o.created_at, 'updated_at', o.updated_at) as json
    from supervision_order o;
grant select on app.supervision_order_json to safegrid_app;

-- Orders under listed supervision (挂牌督办) about a hazard, as the hazard
-- shows them to everyone who sees the hazard (the enterprise too, which sees
-- no order): security definer, called only for a hazard the caller's
-- row-level security has already shown.
create function app.hazard_listed_orders(p_township_id bigint, p_hazard_id bigint) returns jsonb
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'state', o.state,
                                               'deadline', o.deadline) order by o.id), '[]')
    from supervision_order_hazard l
    join supervision_order o on o.township_id = l.township_id and o.id = l.order_id
   where l.township_id = p_township_id and l.hazard_id = p_hazard_id and o.listed
$$;
grant execute on function app.hazard_listed_orders(bigint, bigint) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Accountability (问责)
-- ---------------------------------------------------------------------------
-- The three kinds every township has, and the ones a township adds.
create table accountability_kind (
  id           bigint generated always as identity primary key,
  township_id  bigint references township,
  code         text not null check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name         text not null check (length(name) between 1 and 30),
  created_at   timestamptz not null default now()
);
create unique index accountability_kind_code on accountability_kind (coalesce(township_id, 0), code);
create trigger accountability_kind_audit after insert or update or delete on accountability_kind
  for each row execute function app.audit_row();
insert into accountability_kind (township_id, code, name) values
  (null, 'reminder_talk', '提醒谈话'),
  (null, 'criticism', '通报批评'),
  (null, 'written_warning', '书面警示');

create table accountability (
  id            bigint generated always as identity primary key,
  township_id   bigint not null,
  user_id       bigint not null,
  unit          text check (length(unit) between 1 and 100),
  kind          text not null,
  reason        text not null check (length(reason) between 1 and 2000),
  date          date not null,
  created_by    bigint not null,
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, user_id) references app_user (township_id, id),
  foreign key (township_id, created_by) references app_user (township_id, id)
);
create index accountability_list on accountability (township_id, id);
create trigger accountability_touch before update on accountability
  for each row execute function app.touch();
create trigger accountability_audit after insert or update or delete on accountability
  for each row execute function app.audit_row();

-- A kind is one every township has or one of the record's township.
create function app.accountability_kind_check() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if not exists (select 1 from accountability_kind k
                  where k.code = new.kind and (k.township_id is null or k.township_id = new.township_id)) then
    raise exception 'no such kind of accountability' using errcode = 'SG422', column = 'kind';
  end if;
  return new;
end
$$;
create trigger accountability_kind_check before insert or update of kind on accountability
  for each row execute function app.accountability_kind_check();

create table accountability_order (
  township_id        bigint not null,
  accountability_id  bigint not null,
  order_id           bigint not null,
  primary key (township_id, accountability_id, order_id),
  foreign key (township_id, accountability_id) references accountability (township_id, id),
  foreign key (township_id, order_id) references supervision_order (township_id, id)
);
create table accountability_hazard (
  township_id        bigint not null,
  accountability_id  bigint not null,
  hazard_id          bigint not null,
  primary key (township_id, accountability_id, hazard_id),
  foreign key (township_id, accountability_id) references accountability (township_id, id),
  foreign key (township_id, hazard_id) references hazard (township_id, id)
);
create trigger accountability_order_audit after insert or update or delete on accountability_order
  for each row execute function app.audit_row();
create trigger accountability_hazard_audit after insert or update or delete on accountability_hazard
  for each row execute function app.audit_row();

create view app.accountability_json with (security_invoker = true) as
  select a.id, a.township_id, a.user_id, a.kind, a.date,
         jsonb_build_object(
           'id', a.id, 'township_id', a.township_id, 'user_id', a.user_id,
           'user_name', (select u.display_name from app_user u
                          where u.township_id = a.township_id and u.id = a.user_id),
           'unit', a.unit, 'kind', a.kind,
           'kind_name', (select k.name from accountability_kind k
                          where k.code = a.kind and (k.township_id is null or k.township_id = a.township_id)
                          order by k.township_id nulls last limit 1),
           'reason', a.reason, 'date', a.date,
           'order_ids', coalesce((select jsonb_agg(l.order_id order by l.order_id) from accountability_order l
                                   where l.township_id = a.township_id and l.accountability_id = a.id), '[]'),
           'hazard_ids', coalesce((select jsonb_agg(l.hazard_id order by l.hazard_id) from accountability_hazard l
                                    where l.township_id = a.township_id and l.accountability_id = a.id), '[]'),
           'created_by', a.created_by, 'version', a.version,
           'created_at', a.created_at, 'updated_at', a.updated_at) as json
    from accountability a;
grant select on app.accountability_json to safegrid_app;

-- ---------------------------------------------------------------------------
-- Daily reports (日报)
-- ---------------------------------------------------------------------------
-- A working group's submission for a day: the hazards it registered that
-- day, with a note.  One per group and day; a second one replaces the first
-- (the audit log keeps both).
create table daily_report (
  id            bigint generated always as identity primary key,
  township_id   bigint not null,
  group_id      bigint not null,
  report_date   date not null,
  note          text check (length(note) <= 2000),
  hazard_ids    bigint[] not null default '{}' check (cardinality(hazard_ids) <= 1000),
  submitted_by  bigint not null,
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  unique (township_id, id),
  unique (township_id, report_date, group_id),
  foreign key (township_id, group_id) references working_group (township_id, id),
  foreign key (township_id, submitted_by) references app_user (township_id, id)
);
create trigger daily_report_touch before update on daily_report
  for each row execute function app.touch();
create trigger daily_report_audit after insert or update or delete on daily_report
  for each row execute function app.audit_row();

-- The committee's mark that it has read a day's report.
create table daily_report_read (
  township_id  bigint not null references township,
  report_date  date not null,
  read_by      bigint not null,
  read_at      timestamptz not null default now(),
  primary key (township_id, report_date),
  foreign key (township_id, read_by) references app_user (township_id, id)
);
create trigger daily_report_read_audit after insert or update or delete on daily_report_read
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------
-- Orders: the committee, the supervisors and the county read all of a
-- township's; a department user the ones it answers; an enterprise none.
-- Only a supervisor issues; state changes go through the transition.
alter table supervision_order enable row level security;
alter table supervision_order force row level security;
create policy supervision_order_all_owner on supervision_order to safegrid_owner using (true) with check (true);
create policy supervision_order_select_app on supervision_order for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) in ('county_admin', 'committee', 'supervisor')
              or ((select app.role()) = 'department' and app.supervision_order_mine(addressee_user_id))));
create policy supervision_order_insert_app on supervision_order for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor'
              and issued_by = (select app.user_id()));
create policy supervision_order_update_app on supervision_order for update to safegrid_app
  using (township_id = (select app.township_id())
         and ((select app.role()) = 'supervisor' or app.supervision_order_mine(addressee_user_id)))
  with check (township_id = (select app.township_id()));

create function app.supervision_order_visible(p_township_id bigint, p_order_id bigint) returns boolean
  language sql stable
  as $$ select exists (select 1 from supervision_order o where o.township_id = p_township_id and o.id = p_order_id) $$;
grant execute on function app.supervision_order_visible(bigint, bigint) to safegrid_app;

alter table supervision_order_hazard enable row level security;
alter table supervision_order_hazard force row level security;
create policy supervision_order_hazard_all_owner on supervision_order_hazard to safegrid_owner using (true) with check (true);
create policy supervision_order_hazard_select_app on supervision_order_hazard for select to safegrid_app
  using (app.supervision_order_visible(township_id, order_id));
create policy supervision_order_hazard_insert_app on supervision_order_hazard for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor');

alter table supervision_order_task enable row level security;
alter table supervision_order_task force row level security;
create policy supervision_order_task_all_owner on supervision_order_task to safegrid_owner using (true) with check (true);
create policy supervision_order_task_select_app on supervision_order_task for select to safegrid_app
  using (app.supervision_order_visible(township_id, order_id));
create policy supervision_order_task_insert_app on supervision_order_task for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor');

alter table supervision_order_event enable row level security;
alter table supervision_order_event force row level security;
create policy supervision_order_event_all_owner on supervision_order_event to safegrid_owner using (true) with check (true);
create policy supervision_order_event_select_app on supervision_order_event for select to safegrid_app
  using (app.supervision_order_visible(township_id, order_id));
create policy supervision_order_event_insert_app on supervision_order_event for insert to safegrid_app
  with check (township_id = (select app.township_id()) and actor_id = (select app.user_id())
              and (action = 'issue' or app.supervision_order_visible(township_id, order_id)));

-- Accountability: read by the committee, the supervisors and the county;
-- written by supervisors only.  Everyone else sees no row (404).
alter table accountability enable row level security;
alter table accountability force row level security;
create policy accountability_all_owner on accountability to safegrid_owner using (true) with check (true);
create policy accountability_select_app on accountability for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and (select app.role()) in ('county_admin', 'committee', 'supervisor'));
create policy accountability_insert_app on accountability for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor'
              and created_by = (select app.user_id()));

alter table accountability_order enable row level security;
alter table accountability_order force row level security;
create policy accountability_order_all_owner on accountability_order to safegrid_owner using (true) with check (true);
create policy accountability_order_select_app on accountability_order for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and (select app.role()) in ('county_admin', 'committee', 'supervisor'));
create policy accountability_order_insert_app on accountability_order for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor');

alter table accountability_hazard enable row level security;
alter table accountability_hazard force row level security;
create policy accountability_hazard_all_owner on accountability_hazard to safegrid_owner using (true) with check (true);
create policy accountability_hazard_select_app on accountability_hazard for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and (select app.role()) in ('county_admin', 'committee', 'supervisor'));
create policy accountability_hazard_insert_app on accountability_hazard for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor');

alter table accountability_kind enable row level security;
alter table accountability_kind force row level security;
create policy accountability_kind_all_owner on accountability_kind to safegrid_owner using (true) with check (true);
create policy accountability_kind_select_app on accountability_kind for select to safegrid_app
  using ((township_id is null or township_id = any ((select app.townships())::bigint[]))
         and (select app.role()) in ('county_admin', 'committee', 'supervisor'));
create policy accountability_kind_insert_app on accountability_kind for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'supervisor');

-- Daily reports: the township's staff read them; the committee and
-- department users (a group's members) submit; the committee marks read.
alter table daily_report enable row level security;
alter table daily_report force row level security;
create policy daily_report_all_owner on daily_report to safegrid_owner using (true) with check (true);
create policy daily_report_select_app on daily_report for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy daily_report_insert_app on daily_report for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) in ('committee', 'department')
              and submitted_by = (select app.user_id()));
create policy daily_report_update_app on daily_report for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.role()) in ('committee', 'department'))
  with check (township_id = (select app.township_id()) and submitted_by = (select app.user_id()));

alter table daily_report_read enable row level security;
alter table daily_report_read force row level security;
create policy daily_report_read_all_owner on daily_report_read to safegrid_owner using (true) with check (true);
create policy daily_report_read_select_app on daily_report_read for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy daily_report_read_insert_app on daily_report_read for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'committee'
              and read_by = (select app.user_id()));
create policy daily_report_read_update_app on daily_report_read for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.role()) = 'committee')
  with check (township_id = (select app.township_id()) and read_by = (select app.user_id()));

grant select, insert, update on supervision_order, supervision_order_event, daily_report,
  daily_report_read to safegrid_app;
grant select, insert on supervision_order_hazard, supervision_order_task, accountability,
  accountability_order, accountability_hazard, accountability_kind to safegrid_app;

-- ---------------------------------------------------------------------------
-- Daily report: the figures
-- ---------------------------------------------------------------------------
-- For a township and a day (in Asia/Shanghai): hazards found and closed
-- that day, open and overdue at its end, in total, by sector and by grid
-- node, each with the change from the day before.  Counted from the rows
-- (security invoker: the caller's row-level security applies), in one scan
-- of the hazards that were open on either day.  "Open at the end of the
-- day" reads created_at and closed_at; overdue as of the day is open with a
-- deadline before it, and not waiting for verification -- for today exactly
-- app.hazard_overdue().
create function app.daily_figures(p_township_id bigint, p_date date) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with b as (select (p_date - 1)::timestamp at time zone 'Asia/Shanghai' as d_before,
                    p_date::timestamp at time zone 'Asia/Shanghai' as d0,
                    (p_date + 1)::timestamp at time zone 'Asia/Shanghai' as d1),
  -- The hazards open now or closed since the day before: the open ones walk
  -- hazard_status, the recently closed ones hazard_closed, so the township's
  -- long-closed hazards (nearly all of them mid-campaign) are never read.
  rows as (
    select h.* from hazard h, b
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.created_at < b.d1
    union all
    select h.* from hazard h, b
     where h.township_id = p_township_id and h.closed_at >= b.d_before and h.created_at < b.d1),
  h as (
    select h.sector_id, h.grid_node_id, x.*
      from rows h, b,
           lateral (select h.created_at >= b.d0 and h.created_at < b.d1 as found,
                           h.created_at >= b.d_before and h.created_at < b.d0 as found_before,
                           coalesce(h.closed_at >= b.d0 and h.closed_at < b.d1, false) as closed,
                           coalesce(h.closed_at >= b.d_before and h.closed_at < b.d0, false) as closed_before,
                           h.created_at < b.d1 and (h.closed_at is null or h.closed_at >= b.d1) as open,
                           h.created_at < b.d0 and (h.closed_at is null or h.closed_at >= b.d0) as open_before,
                           h.status <> 'submitted' and coalesce(h.deadline < p_date, false) as late,
                           h.status <> 'submitted' and coalesce(h.deadline < p_date - 1, false) as late_before) x),
  g as (
    select grouping(sector_id) = 0 as by_sector, grouping(grid_node_id) = 0 as by_grid,
           sector_id, grid_node_id,
           count(*) filter (where found) as found, count(*) filter (where found_before) as found_before,
           count(*) filter (where closed) as closed, count(*) filter (where closed_before) as closed_before,
           count(*) filter (where open) as open, count(*) filter (where open_before) as open_before,
           count(*) filter (where open and late) as overdue,
           count(*) filter (where open_before and late_before) as overdue_before
      from h group by grouping sets ((), (sector_id), (grid_node_id))),
  f as (
    select g.*, jsonb_build_object(
             'found', found, 'closed', closed, 'open', open, 'overdue', overdue,
             'change', jsonb_build_object('found', found - found_before, 'closed', closed - closed_before,
                                          'open', open - open_before, 'overdue', overdue - overdue_before)) as j
      from g)
  select jsonb_build_object(
    'totals', coalesce((select j from f where not by_sector and not by_grid),
                       jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0,
                                          'change', jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0))),
    'by_sector', coalesce((select jsonb_agg(f.j || jsonb_build_object('sector_id', f.sector_id, 'sector_name', s.name)
                                            order by f.sector_id)
                             from f join sector s on s.id = f.sector_id where f.by_sector), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(f.j || jsonb_build_object('grid_node_id', f.grid_node_id,
                                                                         'grid_node_name', n.name)
                                               order by f.grid_node_id nulls first)
                                from f left join grid_node n on n.township_id = p_township_id and n.id = f.grid_node_id
                               where f.by_grid), '[]'))
$$;
grant execute on function app.daily_figures(bigint, date) to safegrid_app;

-- Who has not reported for the day: the working groups of the township's
-- active campaigns without a submission, and the cadres assigned to its
-- enterprises (包扶干部) for that day who neither submitted one nor belong
-- to a group that did.
create function app.daily_not_reported(p_township_id bigint, p_date date) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with groups as (
    select g.id, g.name from working_group g join campaign c on c.township_id = g.township_id and c.id = g.campaign_id
     where g.township_id = p_township_id and c.status = 'active'),
  reported as (select r.group_id, r.submitted_by from daily_report r
                where r.township_id = p_township_id and r.report_date = p_date),
  cadres as (
    select distinct a.user_id from enterprise_assignment a
      join campaign c on c.township_id = a.township_id and c.id = a.campaign_id
     where a.township_id = p_township_id and c.status = 'active'
       and a.starts_on <= p_date and (a.ends_on is null or a.ends_on >= p_date))
  select coalesce(jsonb_agg(x.j order by x.ord, x.id), '[]') from (
    select 0 as ord, g.id, jsonb_build_object('kind', 'group', 'group_id', g.id, 'name', g.name) as j
      from groups g where not exists (select 1 from reported r where r.group_id = g.id)
    union all
    select 1, c.user_id, jsonb_build_object('kind', 'cadre', 'user_id', c.user_id,
                                            'name', (select u.display_name from app_user u
                                                      where u.township_id = p_township_id and u.id = c.user_id))
      from cadres c
     where not exists (select 1 from reported r where r.submitted_by = c.user_id)
       and not exists (select 1 from reported r join group_member m
                         on m.township_id = p_township_id and m.group_id = r.group_id
                        where m.user_id = c.user_id)) x
$$;
grant execute on function app.daily_not_reported(bigint, date) to safegrid_app;

-- The whole daily report of one township, as the API answers it.
create function app.daily_report(p_township_id bigint, p_date date) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  select jsonb_build_object('township_id', t.id, 'township_name', t.name, 'date', p_date)
         || app.daily_figures(t.id, p_date)
         || jsonb_build_object(
              'not_reported', app.daily_not_reported(t.id, p_date),
              'submissions', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'id', r.id, 'group_id', r.group_id, 'group_name', g.name, 'note', r.note,
                          'hazard_ids', to_jsonb(r.hazard_ids), 'submitted_by', r.submitted_by,
                          'submitted_at', r.updated_at, 'version', r.version) order by r.group_id)
                   from daily_report r join working_group g on g.township_id = r.township_id and g.id = r.group_id
                  where r.township_id = t.id and r.report_date = p_date), '[]'),
              'read', (select jsonb_build_object('read_by', x.read_by, 'read_at', x.read_at)
                         from daily_report_read x where x.township_id = t.id and x.report_date = p_date))
    from township t where t.id = p_township_id
$$;
grant execute on function app.daily_report(bigint, date) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Dashboards: one statement per role, counted from the rows
-- ---------------------------------------------------------------------------
-- Security invoker: each counts only what the caller's row-level security
-- lets it see, so a figure never shows a row its list would not.

-- The committee: the township's campaign at a glance.
create function app.dashboard_committee(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with h as materialized (
    select id, status, severity, sector_id, grid_node_id, deadline, description, enterprise_id,
           created_at, closed_at, app.hazard_overdue(status, deadline) as overdue
      from hazard where township_id = p_township_id),
  -- One pass for the township's totals.
  total as (
    select count(*) as total,
           count(*) filter (where status = 'reported') as reported,
           count(*) filter (where status = 'rectifying') as rectifying,
           count(*) filter (where status = 'submitted') as submitted,
           count(*) filter (where status = 'closed') as closed,
           count(*) filter (where overdue) as overdue,
           count(*) filter (where severity = 'major' and status <> 'closed') as major_open
      from h),
  -- New and closed per day of the last fourteen, each counted in one pass.
  days as (select (app.today() - n)::date as day from generate_series(0, 13) n),
  since as (select (app.today() - 13)::timestamp at time zone 'Asia/Shanghai' as t),
  made as (select (created_at at time zone 'Asia/Shanghai')::date as day, count(*) as n
             from h, since where created_at >= since.t group by 1),
  done as (select (closed_at at time zone 'Asia/Shanghai')::date as day, count(*) as n
             from h, since where closed_at >= since.t group by 1)
  select jsonb_build_object(
    'role', 'committee', 'township_id', p_township_id, 'today', app.today(),
    'hazards', (select jsonb_build_object(
                  'total', total,
                  'by_status', jsonb_build_object('reported', reported, 'rectifying', rectifying,
                                                  'submitted', submitted, 'closed', closed),
                  'overdue', overdue, 'major_open', major_open,
                  'rectification_rate', case when total = 0 then null else round(closed::numeric / total, 4) end)
                  from total),
    'by_sector', coalesce((select jsonb_agg(jsonb_build_object('sector_id', s.id, 'sector_name', s.name,
                                                              'total', x.total, 'open', x.open, 'overdue', x.overdue)
                                            order by s.id)
                             from (select sector_id, count(*) as total, count(*) filter (where status <> 'closed') as open,
                                          count(*) filter (where overdue) as overdue
                                     from h group by sector_id) x join sector s on s.id = x.sector_id), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(jsonb_build_object('grid_node_id', x.grid_node_id, 'grid_node_name', n.name,
                                                                 'total', x.total, 'open', x.open, 'overdue', x.overdue)
                                               order by x.grid_node_id nulls first)
                                from (select grid_node_id, count(*) as total, count(*) filter (where status <> 'closed') as open,
                                             count(*) filter (where overdue) as overdue
                                        from h group by grid_node_id) x
                                left join grid_node n on n.township_id = p_township_id and n.id = x.grid_node_id), '[]'),
    'overdue_list', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'description', description, 'deadline', deadline,
                                                                 'severity', severity, 'enterprise_id', enterprise_id)
                                               order by deadline, id)
                                from (select * from h where overdue order by deadline, id limit 20) o), '[]'),
    'major_hazards', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'description', description, 'status', status,
                                                                  'deadline', deadline, 'enterprise_id', enterprise_id)
                                                order by id)
                                 from (select * from h where severity = 'major' and status <> 'closed' order by id limit 20) m), '[]'),
    'tasks', (select jsonb_build_object(
                       'total', count(*),
                       'by_state', jsonb_build_object('open', count(*) filter (where state = 'open'),
                                                      'in_progress', count(*) filter (where state = 'in_progress'),
                                                      'done', count(*) filter (where state = 'done'),
                                                      'cancelled', count(*) filter (where state = 'cancelled')),
                       'overdue', count(*) filter (where deadline < app.today() and state not in ('done', 'cancelled')),
                       'progress', coalesce(sum(least(progress, target)) filter (where parent_id is null), 0),
                       'target', coalesce(sum(target) filter (where parent_id is null), 0))
                from task where township_id = p_township_id),
    'unsigned_letters', (select count(*) from responsibility_letter
                          where township_id = p_township_id and signed_on is null),
    'trend', (select jsonb_agg(jsonb_build_object('date', d.day, 'new', coalesce(m.n, 0), 'closed', coalesce(c.n, 0))
                               order by d.day)
                from days d left join made m on m.day = d.day left join done c on c.day = d.day))
$$;

-- The supervisors: what is late and who answers for it.
create function app.dashboard_supervisor(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with late as (select h.id, h.grid_node_id, h.responsible_user_id from hazard h
                 where h.township_id = p_township_id and app.hazard_overdue(h.status, h.deadline)),
  late_tasks as (select t.id, t.grid_node_id, t.assignee_user_id from task t
                  where t.township_id = p_township_id and t.deadline < app.today()
                    and t.state not in ('done', 'cancelled')),
  units as (select grid_node_id, count(*) filter (where kind = 'hazard') as hazards,
                   count(*) filter (where kind = 'task') as tasks, count(*) as total
              from (select grid_node_id, 'hazard' as kind from late
                    union all select grid_node_id, 'task' from late_tasks) u
             group by grid_node_id),
  people as (select user_id, count(*) filter (where kind = 'hazard') as hazards,
                    count(*) filter (where kind = 'task') as tasks, count(*) as total
               from (select responsible_user_id as user_id, 'hazard' as kind from late
                     union all select assignee_user_id, 'task' from late_tasks) p
              group by user_id)
  select jsonb_build_object(
    'role', 'supervisor', 'township_id', p_township_id, 'today', app.today(),
    'overdue_hazards', (select count(*) from late),
    'overdue_tasks', (select count(*) from late_tasks),
    'units_ranked', coalesce((select jsonb_agg(jsonb_build_object('rank', rnk, 'grid_node_id', grid_node_id,
                                                                 'grid_node_name', name, 'overdue_hazards', hazards,
                                                                 'overdue_tasks', tasks, 'overdue', total)
                                               order by rnk, grid_node_id nulls first)
                                from (select u.*, n.name, rank() over (order by u.total desc) as rnk
                                        from units u left join grid_node n
                                          on n.township_id = p_township_id and n.id = u.grid_node_id) r), '[]'),
    'people', coalesce((select jsonb_agg(jsonb_build_object('user_id', p.user_id, 'name', u.display_name,
                                                           'overdue_hazards', p.hazards, 'overdue_tasks', p.tasks)
                                         order by p.total desc, p.user_id nulls first)
                          from people p left join app_user u on u.township_id = p_township_id and u.id = p.user_id), '[]'),
    'orders', (select jsonb_build_object(
                        'open', count(*) filter (where state <> 'closed'),
                        'overdue', count(*) filter (where state <> 'closed' and deadline < app.today()),
                        'by_state', jsonb_build_object('issued', count(*) filter (where state = 'issued'),
                                                       'answered', count(*) filter (where state = 'answered'),
                                                       'rejected', count(*) filter (where state = 'rejected'),
                                                       'escalated', count(*) filter (where state = 'escalated'),
                                                       'closed', count(*) filter (where state = 'closed')))
                 from supervision_order where township_id = p_township_id))
$$;

-- A department user's queue: the hazards of its sectors and of the
-- enterprises it is assigned to.
create function app.dashboard_department(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with mine as (
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and (h.sector_id in (select s.sector_id from user_sector s
                             where s.township_id = p_township_id and s.user_id = app.user_id())
            or h.enterprise_id in (select a.enterprise_id from enterprise_assignment a
                                    where a.township_id = p_township_id and a.user_id = app.user_id()
                                      and (a.ends_on is null or a.ends_on >= app.today())))),
  pick as (select m.*, case when status = 'submitted' then 'to_verify'
                            when overdue then 'overdue'
                            when deadline between app.today() and app.today() + 3 then 'due_soon' end as bucket
             from mine m)
  select jsonb_build_object(
    'role', 'department', 'township_id', p_township_id, 'today', app.today(),
    'open', (select count(*) from mine),
    'to_verify', (select count(*) from pick where bucket = 'to_verify'),
    'due_soon', (select count(*) from pick where bucket = 'due_soon'),
    'overdue', (select count(*) from pick where bucket = 'overdue'),
    'queue', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'bucket', bucket, 'status', status,
                                                          'deadline', deadline, 'description', description,
                                                          'enterprise_id', enterprise_id)
                                        order by bucket, deadline nulls last, id)
                         from (select * from pick where bucket is not null
                                order by bucket, deadline nulls last, id limit 50) q), '[]'),
    'tasks', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'title', t.title, 'state', t.state,
                                                          'progress', t.progress, 'target', t.target,
                                                          'deadline', t.deadline,
                                                          'overdue', t.deadline < app.today()
                                                                     and t.state not in ('done', 'cancelled'))
                                        order by t.deadline, t.id)
                         from task t where t.township_id = p_township_id and t.assignee_user_id = app.user_id()
                                       and t.state not in ('done', 'cancelled')), '[]'),
    'orders', coalesce((select jsonb_agg(o.json order by o.deadline, o.id)
                          from app.supervision_order_json o
                         where o.township_id = p_township_id and o.state <> 'closed'
                           and app.supervision_order_mine(o.addressee_user_id)), '[]'))
$$;

-- An enterprise: its own hazards, what is due, and what was sent back.
create function app.dashboard_enterprise(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with h as (select h.id, h.status, h.deadline, h.description, h.measure,
                    app.hazard_overdue(h.status, h.deadline) as overdue
               from hazard h where h.township_id = p_township_id and h.enterprise_id = app.enterprise_id())
  select jsonb_build_object(
    'role', 'enterprise', 'township_id', p_township_id, 'enterprise_id', app.enterprise_id(), 'today', app.today(),
    'by_status', (select jsonb_object_agg(s, (select count(*) from h where h.status = s))
                    from unnest(array['reported', 'rectifying', 'submitted', 'closed']) s),
    'overdue', (select count(*) from h where overdue),
    'due', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'status', status, 'deadline', deadline,
                                                        'description', description, 'measure', measure,
                                                        'overdue', overdue) order by deadline nulls last, id)
                       from h where status in ('reported', 'rectifying')), '[]'),
    'rejected', coalesce((select jsonb_agg(jsonb_build_object('id', h.id, 'description', h.description,
                                                             'reason', e.note, 'at', e.at) order by e.at desc)
                            from h join lateral (
                                   select ev.note, ev.at, ev.action from hazard_event ev
                                    where ev.township_id = p_township_id and ev.hazard_id = h.id
                                    order by ev.id desc limit 1) e on e.action = 'reject'
                           where h.status = 'rectifying'), '[]'))
$$;

-- The county: every township side by side, ranked by rectification rate
-- (then by fewest overdue).  p_township_id narrows it to one.
create function app.dashboard_county(p_township_id bigint) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  with t as (select t.id, t.name from township t
              where t.id = any (app.townships()) and (p_township_id is null or t.id = p_township_id)),
  f as (
    select t.id, t.name,
           (select count(distinct i.enterprise_id) from inspection i
             where i.township_id = t.id and i.status = 'submitted') as inspected_enterprises,
           x.found, x.closed, x.overdue,
           (select count(*) from supervision_order o where o.township_id = t.id and o.state <> 'closed') as orders_open,
           (select count(*) from supervision_order o
             where o.township_id = t.id and o.state <> 'closed' and o.deadline < app.today()) as orders_overdue
      from t, lateral (select count(*) as found, count(*) filter (where h.status = 'closed') as closed,
                              count(*) filter (where app.hazard_overdue(h.status, h.deadline)) as overdue
                         from hazard h where h.township_id = t.id) x),
  r as (select f.*, case when found = 0 then null else round(closed::numeric / found, 4) end as rate from f)
  select jsonb_build_object(
    'role', 'county_admin', 'today', app.today(),
    'townships', coalesce((select jsonb_agg(jsonb_build_object(
                              'rank', rnk, 'township_id', id, 'township_name', name,
                              'inspected_enterprises', inspected_enterprises, 'hazards_found', found,
                              'hazards_closed', closed, 'rectification_rate', rate, 'overdue', overdue,
                              'orders_open', orders_open, 'orders_overdue', orders_overdue)
                            order by rnk, id)
                             from (select r.*, rank() over (order by rate desc nulls last, overdue) as rnk from r) ranked), '[]'))
$$;

grant execute on function app.dashboard_committee(bigint), app.dashboard_supervisor(bigint),
  app.dashboard_department(bigint), app.dashboard_enterprise(bigint), app.dashboard_county(bigint)
  to safegrid_app;

-- ---------------------------------------------------------------------------
-- Ids in a JSON body
-- ---------------------------------------------------------------------------
-- A body's list of ids ([1, 2, 3]) as an array, without repeats; null when
-- it is not an array of positive whole numbers (a 422 for the handler).
create function app.json_ids(p_list jsonb) returns bigint[]
  language sql immutable parallel safe
  as $$
  select case
    when p_list is null or jsonb_typeof(p_list) = 'null' then '{}'::bigint[]
    when jsonb_typeof(p_list) <> 'array' then null
    when exists (select 1 from jsonb_array_elements(p_list) e
                  where jsonb_typeof(e) <> 'number' or e::text !~ '^[1-9][0-9]{0,17}$') then null
    else (select coalesce(array_agg(distinct e::text::bigint), '{}') from jsonb_array_elements(p_list) e)
  end
$$;
grant execute on function app.json_ids(jsonb) to safegrid_app;
