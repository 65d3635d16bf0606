-- Notifications (站内提醒) and their outbox for an SMS or messaging gateway.
--
-- A notification is one user's: made by app.notify() -- the one place that
-- writes them -- together with its outbox row, in the transaction of the
-- write that caused it (the triggers below: a hazard assigned, a
-- rejection, an order addressed or escalated, a document sent), so nothing
-- acknowledged is lost; the time-driven reminders (0021) are made by
-- `safegridctl jobs` through the same function.  The outbox is delivered
-- by `safegridctl jobs` and read by nobody else.

-- ---------------------------------------------------------------------------
-- Notifications
-- ---------------------------------------------------------------------------
create table notification (
  id             bigint generated always as identity primary key,
  township_id    bigint not null references township on delete cascade,
  user_id        bigint not null references app_user on delete cascade,
  kind           text not null check (kind in (
                   'hazard_assigned', 'hazard_rejected', 'hazard_due_soon', 'hazard_overdue',
                   'order_addressed', 'order_rejected', 'order_escalated',
                   'document_received', 'letter_unsigned', 'report_missing')),
  subject_type   text not null check (subject_type in (
                   'hazard', 'task', 'supervision_order', 'document', 'letter', 'daily_report')),
  subject_id     bigint not null,
  title          text not null check (length(title) between 1 and 100),
  body           text not null check (length(body) between 1 and 1000),
  -- A reminder's day (a deadline, a cut-off's date): with the user, kind and
  -- subject it is the reminder's key, so a reminder is made once however many
  -- jobs processes run.  Null for an event's notification, which is never
  -- a repeat (nulls are distinct).
  reminder_day   date,
  created_at     timestamptz not null default now(),
  read_at        timestamptz
);
create unique index notification_reminder on notification (user_id, kind, subject_type, subject_id, reminder_day);
create index notification_inbox on notification (user_id, id);
create index notification_unread on notification (user_id, id) where read_at is null;

-- A read mark is a write: audited.  Making one is audited with the write that caused it.
create trigger notification_audit after update on notification
  for each row execute function app.audit_row();

alter table notification enable row level security;
alter table notification force row level security;
create policy notification_all_owner on notification to safegrid_owner using (true) with check (true);
-- Each user, of every role, the county admin too, sees and marks their own only.
create policy notification_select_app on notification for select to safegrid_app
  using (user_id = (select app.user_id()));
create policy notification_update_app on notification for update to safegrid_app
  using (user_id = (select app.user_id()) and (select app.may('notification')))
  with check (user_id = (select app.user_id()));
grant select, update (read_at) on notification to safegrid_app;

insert into app.action_role (action, role) values
  ('notification', 'county_admin'), ('notification', 'committee'), ('notification', 'supervisor'),
  ('notification', 'department'), ('notification', 'enterprise');

-- ---------------------------------------------------------------------------
-- The outbox
-- ---------------------------------------------------------------------------
-- One row per notification, for the gateway: delivery_id is the key a
-- gateway drops repeats by (a delivery retried after a crash between the
-- gateway's answer and our commit carries the same one).
create table notification_outbox (
  id               bigint generated always as identity primary key,
  township_id      bigint not null references township on delete cascade,
  notification_id  bigint not null unique references notification on delete cascade,
  delivery_id      uuid not null unique default gen_random_uuid(),
  payload          jsonb not null,
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  delivered_at     timestamptz,
  last_error       text,
  created_at       timestamptz not null default now()
);
create index notification_outbox_due on notification_outbox (next_attempt_at, id) where delivered_at is null;
alter table notification_outbox enable row level security;
alter table notification_outbox force row level security;
create policy notification_outbox_all_owner on notification_outbox to safegrid_owner using (true) with check (true);

-- ---------------------------------------------------------------------------
-- Making them: app.notify
-- ---------------------------------------------------------------------------
-- Notify users p_user_ids (repeats and nulls ignored) of the township: the
-- active ones, never the one whose write it is.  A reminder (p_day not
-- null) already made is not made again.  Returns how many were made.
create function app.notify(p_township_id bigint, p_user_ids bigint[], p_kind text,
                           p_subject_type text, p_subject_id bigint, p_title text, p_body text,
                           p_day date default null)
  returns integer
  language sql security definer set search_path = public, pg_catalog
  as $$
  with made as (
    insert into notification (township_id, user_id, kind, subject_type, subject_id, title, body, reminder_day)
    select p_township_id, u.id, p_kind, p_subject_type, p_subject_id, p_title, left(p_body, 1000), p_day
      from app_user u
     where u.id = any (p_user_ids) and u.active
       and (u.township_id = p_township_id or u.role = 'county_admin')
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

-- A short quotation of a text for a title or body: its first 40 characters.
create function app.notify_quote(p_text text) returns text
  language sql immutable parallel safe
  as $$ select '「' || case when length(p_text) > 40 then left(p_text, 40) || '…' else p_text end || '」' $$;

-- Who answers for a document's recipient unit (app.answers_for asks the
-- same the other way round): a user; an enterprise's users; a grid node's
-- responsible person; a group's leader and members; a township's committee.
create function app.recipient_users(p_township_id bigint, p_kind text, p_id bigint) returns bigint[]
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select coalesce(array_agg(distinct u), '{}') from (
    select p_id as u where p_kind = 'user'
    union all
    select x.id from app_user x where p_kind = 'enterprise' and x.township_id = p_township_id
                                  and x.role = 'enterprise' and x.enterprise_id = p_id
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
$$;

-- The users of a hazard's enterprise.
create function app.enterprise_users(p_township_id bigint, p_enterprise_id bigint) returns bigint[]
  language sql stable security definer set search_path = public, pg_catalog
  as $$ select app.recipient_users(p_township_id, 'enterprise', p_enterprise_id) $$;

-- Whoever answers an order: its addressee; for an order to a unit, the
-- unit's responsible person and the township's committee.
create function app.order_addressees(p_township_id bigint, p_user_id bigint, p_grid_node_id bigint)
  returns bigint[]
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select case when p_user_id is not null then array[p_user_id]
              else app.recipient_users(p_township_id, 'grid_node', p_grid_node_id)
                   || app.recipient_users(p_township_id, 'township', p_township_id) end
$$;

-- ---------------------------------------------------------------------------
-- The events, each in the transaction of its write
-- ---------------------------------------------------------------------------
-- A hazard registered: its responsible person and its enterprise's users;
-- a hazard given to another responsible person: that person.
create function app.hazard_notify() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  due text := coalesce(to_char(new.deadline, 'YYYY-MM-DD'), '未定');
begin
  if tg_op = 'INSERT' then
    perform app.notify(new.township_id,
                       array[new.responsible_user_id] || app.enterprise_users(new.township_id, new.enterprise_id),
                       'hazard_assigned', 'hazard', new.id, '新隐患待整改',
                       '隐患' || app.notify_quote(new.description) || '已交由您（单位）整改，整改期限：' || due || '。');
  elsif new.responsible_user_id is distinct from old.responsible_user_id and new.responsible_user_id is not null then
    perform app.notify(new.township_id, array[new.responsible_user_id],
                       'hazard_assigned', 'hazard', new.id, '隐患整改责任人变更',
                       '隐患' || app.notify_quote(new.description) || '的整改责任人已改为您，整改期限：' || due || '。');
  end if;
  return null;
end
$$;
create trigger hazard_notify after insert or update of responsible_user_id on hazard
  for each row execute function app.hazard_notify();

-- A rejected rectification: whoever submitted it, the responsible person
-- and the enterprise's users.
create function app.hazard_event_notify() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  h hazard;
begin
  select * into h from hazard where township_id = new.township_id and id = new.hazard_id;
  perform app.notify(new.township_id,
                     array[h.submitted_by, h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
                     'hazard_rejected', 'hazard', h.id, '隐患整改被退回',
                     '隐患' || app.notify_quote(h.description) || '的整改未通过验收，退回原因：'
                     || coalesce(nullif(new.note, ''), '未说明') || '。');
  return null;
end
$$;
create trigger hazard_event_notify after insert on hazard_event
  for each row when (new.action = 'reject') execute function app.hazard_event_notify();

-- An order issued: its addressees; escalated: the township's committee.
create function app.supervision_order_notify() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  if tg_op = 'INSERT' then
    perform app.notify(new.township_id,
                       app.order_addressees(new.township_id, new.addressee_user_id, new.addressee_grid_node_id),
                       'order_addressed', 'supervision_order', new.id, '收到督办单',
                       '督办单' || new.number || '：' || app.notify_quote(new.matter) || '，请于'
                       || to_char(new.deadline, 'YYYY-MM-DD') || '前办理。');
  elsif new.state = 'escalated' and old.state <> 'escalated' then
    perform app.notify(new.township_id, app.recipient_users(new.township_id, 'township', new.township_id),
                       'order_escalated', 'supervision_order', new.id, '督办单逾期升级',
                       '督办单' || new.number || '逾期未办结，已提请指挥部督办：' || app.notify_quote(new.matter) || '。');
  end if;
  return null;
end
$$;
create trigger supervision_order_notify after insert or update of state on supervision_order
  for each row execute function app.supervision_order_notify();

-- An answer sent back: the order's addressees.
create function app.supervision_order_event_notify() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
declare
  o supervision_order;
begin
  select * into o from supervision_order where township_id = new.township_id and id = new.order_id;
  perform app.notify(o.township_id, app.order_addressees(o.township_id, o.addressee_user_id, o.addressee_grid_node_id),
                     'order_rejected', 'supervision_order', o.id, '督办单答复被退回',
                     '督办单' || o.number || '的答复被退回，原因：' || coalesce(nullif(new.note, ''), '未说明') || '。');
  return null;
end
$$;
create trigger supervision_order_event_notify after insert on supervision_order_event
  for each row when (new.action = 'reject') execute function app.supervision_order_event_notify();

-- A document sent: whoever answers for each recipient.
create function app.document_recipient_notify() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  perform app.notify(new.township_id, app.recipient_users(new.township_id, new.recipient_kind, new.recipient_id),
                     'document_received', 'document', new.document_id, '收到文件',
                     '《' || d.title || '》已发送给您，请及时阅读并签收。')
     from document d where d.township_id = new.township_id and d.id = new.document_id;
  return null;
end
$$;
create trigger document_recipient_notify after insert on document_recipient
  for each row execute function app.document_recipient_notify();

-- ---------------------------------------------------------------------------
-- Who answers for a recipient unit, written once (app.recipient_users)
-- ---------------------------------------------------------------------------
create or replace function app.answers_for(p_township_id bigint, p_kind text, p_id bigint) returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select p_township_id = app.township_id()
         and app.user_id() = any (app.recipient_users(p_township_id, p_kind, p_id))
$$;
