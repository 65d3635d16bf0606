-- 0028: the activation code by SMS through the notification outbox; the
-- county admin decides login applications as a township's committee does.
--
-- * The outbox (0020) carries two kinds of rows: a notification's
--   ('notification', with its notification_id) and an activation code's SMS
--   ('activation_code', with the login and the code).  The code is in clear
--   only while the SMS waits: delivering it, withdrawing it (a newer code
--   superseded it, the code was used, it expired undelivered) wipes it
--   from the row, and a login has at most one SMS waiting.
-- * Who decides applications is one action, application.decide; approving
--   one for an enterprise not in the register registers it, which the
--   enterprise's insert policy now lets the deciders do -- for that
--   application's credit code and township only.

-- ---------------------------------------------------------------------------
-- The outbox: notifications and activation codes
-- ---------------------------------------------------------------------------

alter table notification_outbox
  add column kind text not null default 'notification'
    check (kind in ('notification', 'activation_code')),
  alter column notification_id drop not null,
  add column user_id bigint,
  add column code text check (code ~ '^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$'),
  add column expires_at timestamptz,
  add column withdrawn text check (withdrawn in ('superseded', 'used', 'expired')),
  add column withdrawn_at timestamptz,
  add constraint notification_outbox_user_fkey foreign key (township_id, user_id)
    references app_user (township_id, id) on delete cascade,
  -- Which columns each kind needs.
  add constraint notification_outbox_kind_columns check (case kind
    when 'notification' then notification_id is not null and user_id is null and expires_at is null
                             and withdrawn is null
    else notification_id is null and user_id is not null and expires_at is not null end),
  -- The code is held exactly while its SMS waits: never once it is sent or withdrawn.
  add constraint notification_outbox_code_waiting check (
    (code is not null) = (kind = 'activation_code' and delivered_at is null and withdrawn is null)),
  add constraint notification_outbox_withdrawn_when check (
    (withdrawn is null) = (withdrawn_at is null) and (withdrawn is null or delivered_at is null));

-- A login has one SMS waiting at most: the enterprise never gets a stale code.
create unique index notification_outbox_code_one on notification_outbox (user_id)
  where kind = 'activation_code' and delivered_at is null and withdrawn is null;

-- What `safegridctl jobs` takes: neither delivered nor withdrawn.
drop index notification_outbox_due;
create index notification_outbox_due on notification_outbox (next_attempt_at, id)
  where delivered_at is null and withdrawn is null;

-- A row that leaves the queue -- delivered or withdrawn, by whoever marks
-- it -- loses its code in the same update.
create function app.outbox_code_wipe() returns trigger
  language plpgsql set search_path = pg_catalog
  as $$
begin
  if new.delivered_at is not null or new.withdrawn is not null then
    new.code := null;
  end if;
  return new;
end
$$;
create trigger notification_outbox_code_wipe before update on notification_outbox
  for each row execute function app.outbox_code_wipe();

-- A login's code replaced (issued again) or used: its waiting SMS, which
-- holds the old code, is withdrawn.
create function app.activation_sms_withdraw() returns trigger
  language plpgsql security definer set search_path = public, pg_catalog
  as $$
begin
  update notification_outbox
     set withdrawn = case when new.used_at is not null and old.used_at is null then 'used' else 'superseded' end,
         withdrawn_at = now()
   where kind = 'activation_code' and user_id = new.user_id
     and delivered_at is null and withdrawn is null;
  return null;
end
$$;
create trigger activation_code_sms_withdraw after update on activation_code
  for each row
  when (new.code_hash is distinct from old.code_hash or new.issued_at is distinct from old.issued_at
        or (new.used_at is not null and old.used_at is null))
  execute function app.activation_sms_withdraw();

-- Queue the SMS of codes the caller has just issued: p_items is a JSON
-- array of {"user_id", "phone", "code", "url"}.  An item is queued only
-- when its phone is a mainland mobile number (spaces, dashes and +86
-- dropped) and its code is the login's current one, issued by the caller
-- in this transaction and unused -- checked against the stored hash, so
-- the function sends nothing but the codes the caller holds.  Returns the
-- users queued.
create function app.activation_sms_queue(p_items jsonb) returns setof bigint
  language sql volatile security definer set search_path = public, pg_catalog
  as $$
  insert into notification_outbox (township_id, kind, user_id, code, expires_at, payload)
  select c.township_id, 'activation_code', u.id, upper(i.code), c.expires_at,
         jsonb_build_object('kind', 'activation_code', 'user_id', u.id, 'username', u.username,
                            'display_name', u.display_name, 'phone', m.mobile,
                            'township_id', c.township_id, 'township', t.name,
                            'enterprise_id', e.id, 'enterprise_name', e.name,
                            'title', '登录激活码', 'expires_at', c.expires_at,
                            'expires_on', to_char(c.expires_at at time zone t.time_zone, 'YYYY-MM-DD'),
                            'activation_url', i.url, 'created_at', now())
    from jsonb_to_recordset(p_items) as i(user_id bigint, phone text, code text, url text)
    cross join lateral (select regexp_replace(regexp_replace(coalesce(i.phone, ''), '[[:space:]()-]', '', 'g'),
                                              '^\+?86', '') as mobile) m
    join activation_code c on c.user_id = i.user_id
    join app_user u on u.id = c.user_id and u.township_id = c.township_id
    join enterprise e on e.id = u.enterprise_id and e.township_id = u.township_id
    join township t on t.id = c.township_id
   where m.mobile ~ '^1[3-9][0-9]{9}$'
     and u.active
     and c.issued_by = app.user_id() and c.issued_at = now() and c.used_at is null
     and c.code_hash = encode(sha256(convert_to(upper(replace(i.code, '-', '')), 'UTF8')), 'hex')
  returning user_id
$$;
grant execute on function app.activation_sms_queue(jsonb) to safegrid_app;

-- What the gateway receives for a row: its payload and delivery id; for an
-- activation code also the code and the SMS's text -- the one place its
-- words are written.  Called by `safegridctl jobs` (the owner role) only.
create function app.outbox_message(o notification_outbox) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  select o.payload || jsonb_build_object('delivery_id', o.delivery_id)
         || case when o.kind = 'activation_code' then jsonb_build_object(
              'code', o.code,
              'body', format('%s：贵单位的安全生产网格系统登录账号为 %s，激活码 %s，%s 前有效。'
                             '请打开 %s 输入激活码并设置密码。激活码只用一次，请勿告诉他人。',
                             o.payload->>'enterprise_name', o.payload->>'username', o.code,
                             o.payload->>'expires_on', o.payload->>'activation_url'))
            else '{}'::jsonb end
$$;

-- Codes that expired before their SMS went out: withdrawn, the code wiped.
-- Run by `safegridctl jobs` at each pass; returns how many.
create function app.activation_sms_expire() returns integer
  language sql volatile set search_path = public, pg_catalog
  as $$
  with gone as (
    update notification_outbox set withdrawn = 'expired', withdrawn_at = now()
     where kind = 'activation_code' and delivered_at is null and withdrawn is null
       and expires_at <= now()
    returning 1)
  select count(*)::int from gone
$$;

-- ---------------------------------------------------------------------------
-- Login applications: decided by application.decide, which may register
-- the enterprise an application names
-- ---------------------------------------------------------------------------

insert into app.action_role (action, role) values
  ('application.decide', 'county_admin'), ('application.decide', 'committee');

drop policy login_application_select_app on login_application;
drop policy login_application_update_app on login_application;
create policy login_application_select_app on login_application for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.may('application.decide')));
create policy login_application_update_app on login_application for update to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.may('application.decide')))
  with check (township_id = any ((select app.townships())::bigint[]));

-- Whether an application for the credit code waits in the township's queue
-- (as the caller sees the queue).
create function app.application_pending(p_township_id bigint, p_credit_code text) returns boolean
  language sql stable set search_path = public, pg_catalog
  as $$
  select exists (select 1 from login_application a
                  where a.township_id = p_township_id and a.credit_code = p_credit_code
                    and a.status = 'pending')
$$;
grant execute on function app.application_pending(bigint, text) to safegrid_app;

-- Beside enterprise_insert_app (the committee's register, enterprise.manage):
-- whoever decides applications registers the enterprise of a pending one.
create policy enterprise_insert_applied on enterprise for insert to safegrid_app
  with check (township_id = any ((select app.townships())::bigint[])
              and (select app.may('application.decide'))
              and app.application_pending(township_id, credit_code));
