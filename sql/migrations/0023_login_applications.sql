-- 0023: an enterprise applies for its login from the sign-in page, and the
-- township decides.
--
-- An enterprise not yet in the register, or whose login was never issued,
-- sends its credit code, name, township, legal representative and mobile
-- number.  The application waits in the township's queue; a committee user
-- approves it (the enterprise matched by its credit code, or registered
-- now, and its login issued) or refuses it with a reason.  The applicant
-- learns nothing of which codes are registered: every well-formed
-- application gets the same answer.  An address sends at most five
-- applications an hour.

-- ---------------------------------------------------------------------------
-- Applications
-- ---------------------------------------------------------------------------

create table login_application (
  id                    bigint generated always as identity primary key,
  township_id           bigint not null references township,
  credit_code           text not null check (app.credit_code_valid(credit_code)),
  name                  text not null check (length(name) between 1 and 100),
  legal_representative  text not null check (length(legal_representative) between 1 and 50),
  mobile                text not null check (mobile ~ '^1[3-9][0-9]{9}$'),
  client_addr           text not null,
  status                text not null default 'pending'
                        check (status in ('pending', 'approved', 'refused')),
  reason                text check (length(reason) between 1 and 500),
  enterprise_id         bigint,
  user_id               bigint,
  decided_by            bigint references app_user,
  decided_at            timestamptz,
  version               integer not null default 1,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  foreign key (township_id, user_id) references app_user (township_id, id),
  check ((status = 'refused') = (reason is not null)),
  check ((status = 'pending') = (decided_at is null)),
  check (status <> 'approved' or (enterprise_id is not null and user_id is not null))
);
create index login_application_queue on login_application (township_id, status, id);
create index login_application_addr on login_application (client_addr, created_at);
create trigger login_application_touch before update on login_application
  for each row execute function app.touch();
create trigger login_application_audit after insert or update on login_application
  for each row execute function app.audit_row();

-- A decided application stays decided.
create function app.login_application_decided() returns trigger
  language plpgsql set search_path = pg_catalog
  as $$
begin
  if old.status <> 'pending'
     and row(new.status, new.reason, new.enterprise_id, new.user_id, new.decided_by, new.decided_at)
         is distinct from
         row(old.status, old.reason, old.enterprise_id, old.user_id, old.decided_by, old.decided_at) then
    raise exception '该申请已处理' using errcode = 'SG409';
  end if;
  return new;
end
$$;
create trigger login_application_once before update on login_application
  for each row execute function app.login_application_decided();

alter table login_application enable row level security;
alter table login_application force row level security;
create policy login_application_all_owner on login_application to safegrid_owner
  using (true) with check (true);
create policy login_application_select_app on login_application for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.may('login.issue')));
create policy login_application_update_app on login_application for update to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.may('login.issue')))
  with check (township_id = any ((select app.townships())::bigint[]));

grant select (id, township_id, credit_code, name, legal_representative, mobile, status, reason,
              enterprise_id, user_id, decided_by, decided_at, version, created_at, updated_at),
      update (status, reason, enterprise_id, user_id, decided_by, decided_at)
  on login_application to safegrid_app;

-- ---------------------------------------------------------------------------
-- Applying, without a login
-- ---------------------------------------------------------------------------

-- Take an application: 0, or the seconds the address must wait first (five
-- an hour).  A township that is not an active one is refused (SG422); the
-- credit code is not looked up, so the answer is the same for any code.
create function app.login_apply(p_township_id bigint, p_credit_code text, p_name text,
                                p_legal_representative text, p_mobile text, p_client_addr text)
  returns int
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
declare
  recent record;
begin
  select count(*) as n, min(a.created_at) as first into recent from login_application a
   where a.client_addr = coalesce(p_client_addr, '') and a.created_at > now() - interval '1 hour';
  if recent.n >= 5 then
    return greatest(1, ceil(extract(epoch from recent.first + interval '1 hour' - now())))::int;
  end if;
  if not exists (select 1 from township t where t.id = p_township_id and t.active) then
    raise exception '没有这个乡镇' using errcode = 'SG422', column = 'township_id';
  end if;
  insert into login_application (township_id, credit_code, name, legal_representative, mobile,
                                 client_addr)
    values (p_township_id, p_credit_code, p_name, p_legal_representative, p_mobile,
            coalesce(p_client_addr, ''));
  return 0;
end
$$;
revoke execute on function app.login_apply(bigint, text, text, text, text, text) from public;
grant execute on function app.login_apply(bigint, text, text, text, text, text) to safegrid_app;

-- The townships an applicant chooses from: every active one, with its county.
create function app.public_townships() returns json
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select json_build_object('items', coalesce(json_agg(json_build_object(
           'id', t.id, 'name', t.name, 'county', c.name) order by c.name, t.name), '[]'))
    from township t join county c on c.id = t.county_id
   where t.active
$$;
revoke execute on function app.public_townships() from public;
grant execute on function app.public_townships() to safegrid_app;

-- ---------------------------------------------------------------------------
-- How the API shows an application
-- ---------------------------------------------------------------------------

create view app.login_application_json with (security_invoker = true) as
  select a.id, a.township_id, a.status,
         json_build_object(
           'id', a.id, 'township_id', a.township_id, 'credit_code', a.credit_code,
           'name', a.name, 'legal_representative', a.legal_representative,
           'mobile', a.mobile, 'status', a.status, 'reason', a.reason,
           'enterprise_id', a.enterprise_id, 'user_id', a.user_id,
           'registered_enterprise_id', (select e.id from enterprise e
                                         where e.township_id = a.township_id
                                           and e.credit_code = a.credit_code),
           'decided_by', a.decided_by, 'decided_at', a.decided_at, 'version', a.version,
           'created_at', a.created_at, 'updated_at', a.updated_at) as json
    from login_application a;
grant select on app.login_application_json to safegrid_app;
