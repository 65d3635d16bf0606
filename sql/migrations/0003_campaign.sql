-- Campaign organization: campaigns and their sectors, working groups, the
-- three-level grid, tasks, responsibility letters, the enterprise register,
-- assigned cadres (包扶), documents with acknowledgements, and attachments.

create extension if not exists pg_trgm;

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- Today in the county's time zone (townships live in Asia/Shanghai).
create function app.today() returns date
  language sql stable parallel safe
  as $$ select (now() at time zone 'Asia/Shanghai')::date $$;
grant execute on function app.today() to safegrid_app;

-- Whether the caller may write township data (the committee of that township).
create function app.is_committee_of(p_township_id bigint) returns boolean
  language sql stable parallel safe
  as $$ select app.role() = 'committee' and p_township_id = app.township_id() $$;
grant execute on function app.is_committee_of(bigint) to safegrid_app;

-- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters
-- from "0123456789ABCDEFGHJKLMNPQRTUWXY"; the last is a check character over
-- the first 17 with weights 3^i mod 31.
create function app.credit_code_valid(p_code text) returns boolean
  language plpgsql immutable parallel safe set search_path = pg_catalog
  as $$
declare
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  total int := 0;
  v int;
begin
  if p_code is null or p_code !~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' then
    return false;
  end if;
  for i in 1..17 loop
    v := strpos(alphabet, substr(p_code, i, 1)) - 1;
    total := total + v * weights[i];
  end loop;
  v := (31 - total % 31) % 31;
  return substr(alphabet, v + 1, 1) = substr(p_code, 18, 1);
end
$$;
grant execute on function app.credit_code_valid(text) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Attachments: bytes kept once per township by SHA-256
-- ---------------------------------------------------------------------------

create table attachment_blob (
  township_id  bigint not null references township,
  sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null,
  size         integer not null check (size > 0),
  bytes        bytea not null,
  created_at   timestamptz not null default now(),
  primary key (township_id, sha256)
);

create table attachment (
  id           bigint generated always as identity primary key,
  township_id  bigint not null,
  sha256       text not null,
  content_type text not null
               check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size         integer not null,
  file_name    text check (length(file_name) <= 200),
  tag          text not null check (tag in ('before', 'after', 'document')),
  entity_type  text not null,
  entity_id    bigint not null,
  uploaded_by  bigint,
  created_at   timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, sha256) references attachment_blob (township_id, sha256)
);
create index attachment_entity on attachment (township_id, entity_type, entity_id, id);

-- ---------------------------------------------------------------------------
-- Campaigns (攻坚行动): a county campaign, carried out by township campaigns
-- ---------------------------------------------------------------------------

create table campaign (
  id           bigint generated always as identity primary key,
  county_id    bigint not null references county,
  township_id  bigint,                      -- null: the county's campaign
  parent_id    bigint references campaign,  -- a township campaign's county campaign
  name         text not null check (length(name) between 1 and 100),
  description  text check (length(description) <= 4000),
  starts_on    date not null,
  ends_on      date not null,
  status       text not null default 'planned' check (status in ('planned', 'active', 'closed')),
  version      integer not null default 1,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (parent_id is null or township_id is not null),
  unique (township_id, id),
  unique (parent_id, township_id),
  foreign key (county_id, township_id) references township (county_id, id)
);
create index campaign_township on campaign (township_id, id);
create trigger campaign_touch before update on campaign
  for each row execute function app.touch();

create table campaign_sector (
  campaign_id  bigint not null references campaign on delete cascade,
  sector_id    bigint not null references sector,
  primary key (campaign_id, sector_id)
);

-- A closed campaign is read-only, and so is everything that hangs from it.
create function app.campaign_closed_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  cid bigint;
begin
  if tg_table_name = 'campaign' then
    if old.status = 'closed' then
      raise exception 'the campaign is closed and can no longer change' using errcode = 'SG409';
    end if;
    return new;
  end if;
  cid := case when tg_op = 'DELETE' then (to_jsonb(old)->>'campaign_id')::bigint
              else (to_jsonb(new)->>'campaign_id')::bigint end;
  if cid is not null and exists (select 1 from campaign c where c.id = cid and c.status = 'closed') then
    raise exception 'the campaign is closed and can no longer change' using errcode = 'SG409';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger campaign_closed before update on campaign
  for each row execute function app.campaign_closed_guard();

-- ---------------------------------------------------------------------------
-- The grid (三级网格): township > work area or department > village or enterprise
-- ---------------------------------------------------------------------------

create table grid_node (
  id                  bigint generated always as identity primary key,
  township_id         bigint not null references township,
  parent_id           bigint,
  level               smallint not null check (level between 1 and 3),
  kind                text not null,
  name                text not null check (length(name) between 1 and 60),
  responsible_user_id bigint,
  position            integer not null default 0,
  version             integer not null default 1,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, parent_id) references grid_node (township_id, id),
  foreign key (township_id, responsible_user_id) references app_user (township_id, id),
  check ((level = 1) = (parent_id is null)),
  check ((level = 1 and kind = 'township')
      or (level = 2 and kind in ('work_area', 'department'))
      or (level = 3 and kind in ('village', 'enterprise')))
);
create unique index grid_node_one_root on grid_node (township_id) where level = 1;
create unique index grid_node_sibling_name on grid_node (township_id, parent_id, name);
create index grid_node_parent on grid_node (township_id, parent_id, position, id);
create trigger grid_node_touch before update on grid_node
  for each row execute function app.touch();

-- A child sits exactly one level below its parent.
create function app.grid_node_level_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if new.parent_id is not null and not exists (
       select 1 from grid_node p
        where p.township_id = new.township_id and p.id = new.parent_id and p.level = new.level - 1) then
    raise exception 'a level % node needs a level % parent', new.level, new.level - 1
      using errcode = 'SG422', column = 'parent_id';
  end if;
  return new;
end
$$;
create trigger grid_node_level before insert or update of parent_id, level on grid_node
  for each row execute function app.grid_node_level_guard();

-- Moves are kept: where a node was, where it went, who moved it.
create table grid_node_move (
  id             bigint generated always as identity primary key,
  township_id    bigint not null,
  node_id        bigint not null,
  from_parent_id bigint,
  to_parent_id   bigint,
  moved_by       bigint,
  moved_at       timestamptz not null default now(),
  foreign key (township_id, node_id) references grid_node (township_id, id) on delete cascade
);
create index grid_node_move_node on grid_node_move (township_id, node_id, id);

create function app.grid_node_moved() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if old.parent_id is distinct from new.parent_id then
    insert into grid_node_move (township_id, node_id, from_parent_id, to_parent_id, moved_by)
      values (new.township_id, new.id, old.parent_id, new.parent_id, app.user_id());
  end if;
  return null;
end
$$;
create trigger grid_node_move_history after update of parent_id on grid_node
  for each row execute function app.grid_node_moved();

-- ---------------------------------------------------------------------------
-- Enterprises: the register
-- ---------------------------------------------------------------------------

alter table enterprise
  add column credit_code text,
  add column sector_id bigint references sector,
  add column grid_node_id bigint,
  add column address text check (length(address) <= 200),
  add column legal_representative text check (length(legal_representative) <= 50),
  add column contact_name text check (length(contact_name) <= 50),
  add column contact_phone text check (contact_phone ~ '^[0-9+ -]{5,20}$'),
  add column risk_level text check (risk_level in ('red', 'orange', 'yellow', 'blue')),
  add constraint enterprise_credit_code_check check (app.credit_code_valid(credit_code)),
  add constraint enterprise_credit_code_key unique (township_id, credit_code),
  add constraint enterprise_grid_node_fkey foreign key (township_id, grid_node_id)
    references grid_node (township_id, id);
alter table enterprise alter column credit_code set not null;
alter table enterprise alter column sector_id set not null;
create index enterprise_list on enterprise (township_id, id);
create index enterprise_grid on enterprise (township_id, grid_node_id, id);
create index enterprise_sector on enterprise (township_id, sector_id, id);
create index enterprise_name_trgm on enterprise using gin (name gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Assigned cadres (包扶干部): one active per enterprise and campaign
-- ---------------------------------------------------------------------------

create table enterprise_assignment (
  id             bigint generated always as identity primary key,
  township_id    bigint not null,
  enterprise_id  bigint not null,
  campaign_id    bigint not null,
  user_id        bigint not null,
  starts_on      date not null default app.today(),
  ends_on        date,
  note           text check (length(note) <= 500),
  version        integer not null default 1,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, user_id) references app_user (township_id, id),
  check (ends_on is null or ends_on >= starts_on)
);
create unique index enterprise_assignment_active
  on enterprise_assignment (enterprise_id, campaign_id) where ends_on is null;
create index enterprise_assignment_user on enterprise_assignment (township_id, user_id, enterprise_id)
  where ends_on is null;
create trigger enterprise_assignment_touch before update on enterprise_assignment
  for each row execute function app.touch();

-- ---------------------------------------------------------------------------
-- Working groups (专项工作组 / 督查组 / 组织协调组)
-- ---------------------------------------------------------------------------

create table working_group (
  id              bigint generated always as identity primary key,
  township_id     bigint not null,
  campaign_id     bigint not null,
  kind            text not null check (kind in ('sector', 'supervision', 'coordination')),
  sector_id       bigint references sector,
  name            text not null check (length(name) between 1 and 60),
  leader_user_id  bigint,
  departments     text[] not null default '{}',
  version         integer not null default 1,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (township_id, id),
  unique (campaign_id, name),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, leader_user_id) references app_user (township_id, id),
  check ((kind = 'sector') = (sector_id is not null))
);
create unique index working_group_one_per_sector on working_group (campaign_id, sector_id)
  where kind = 'sector';
create trigger working_group_touch before update on working_group
  for each row execute function app.touch();

create table group_member (
  township_id  bigint not null,
  group_id     bigint not null,
  user_id      bigint not null,
  primary key (township_id, group_id, user_id),
  foreign key (township_id, group_id) references working_group (township_id, id) on delete cascade,
  foreign key (township_id, user_id) references app_user (township_id, id)
);
create index group_member_user on group_member (township_id, user_id);

-- ---------------------------------------------------------------------------
-- Tasks (任务分解): quantified, split down the grid; a parent's progress is
-- the sum of its children's
-- ---------------------------------------------------------------------------

create table task (
  id                bigint generated always as identity primary key,
  township_id       bigint not null,
  campaign_id       bigint not null,
  parent_id         bigint,
  title             text not null check (length(title) between 1 and 200),
  description       text check (length(description) <= 4000),
  grid_node_id      bigint,
  group_id          bigint,
  assignee_user_id  bigint,
  unit              text not null default '项' check (length(unit) between 1 and 10),
  target            integer not null check (target > 0),
  progress          integer not null default 0 check (progress >= 0),
  deadline          date not null,
  state             text not null default 'open' check (state in ('open', 'in_progress', 'done', 'cancelled')),
  version           integer not null default 1,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, parent_id) references task (township_id, id),
  foreign key (township_id, grid_node_id) references grid_node (township_id, id),
  foreign key (township_id, group_id) references working_group (township_id, id),
  foreign key (township_id, assignee_user_id) references app_user (township_id, id),
  check (grid_node_id is not null or group_id is not null)
);
create index task_list on task (township_id, campaign_id, id);
create index task_parent on task (township_id, parent_id, id);
create index task_assignee on task (township_id, assignee_user_id, id);
create trigger task_touch before update on task
  for each row execute function app.touch();

-- A parent's progress follows its children; it is never set by hand.
create function app.task_rollup() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  parent bigint := coalesce(new.parent_id, old.parent_id);
begin
  if tg_op = 'UPDATE' and old.parent_id is distinct from new.parent_id and old.parent_id is not null then
    update task t set progress = coalesce((select sum(c.progress) from task c
                                           where c.township_id = t.township_id and c.parent_id = t.id), 0)
     where t.township_id = old.township_id and t.id = old.parent_id;
  end if;
  if parent is not null then
    update task t set progress = coalesce((select sum(c.progress) from task c
                                           where c.township_id = t.township_id and c.parent_id = t.id), 0)
     where t.township_id = coalesce(new.township_id, old.township_id) and t.id = parent;
  end if;
  return null;
end
$$;
create trigger task_rollup after insert or update of progress, parent_id or delete on task
  for each row when (pg_trigger_depth() < 16) execute function app.task_rollup();

create function app.task_progress_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if new.progress is distinct from old.progress and pg_trigger_depth() = 1
     and exists (select 1 from task c where c.township_id = new.township_id and c.parent_id = new.id) then
    raise exception 'a task with sub-tasks takes its progress from them'
      using errcode = 'SG422', column = 'progress';
  end if;
  return new;
end
$$;
create trigger task_progress_guard before update of progress on task
  for each row execute function app.task_progress_guard();

-- ---------------------------------------------------------------------------
-- Responsibility letters (责任书)
-- ---------------------------------------------------------------------------

create table responsibility_letter (
  id               bigint generated always as identity primary key,
  township_id      bigint not null,
  campaign_id      bigint not null,
  grid_node_id     bigint not null,
  issuer_name      text not null check (length(issuer_name) between 1 and 50),
  issuer_user_id   bigint,
  signer_name      text check (length(signer_name) between 1 and 50),
  signer_user_id   bigint,
  signed_on        date,
  attachment_id    bigint,
  note             text check (length(note) <= 500),
  version          integer not null default 1,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  unique (township_id, id),
  unique (campaign_id, grid_node_id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, grid_node_id) references grid_node (township_id, id),
  foreign key (township_id, issuer_user_id) references app_user (township_id, id),
  foreign key (township_id, signer_user_id) references app_user (township_id, id),
  foreign key (township_id, attachment_id) references attachment (township_id, id),
  check (signed_on is null or signer_name is not null)
);
create trigger responsibility_letter_touch before update on responsibility_letter
  for each row execute function app.touch();

-- ---------------------------------------------------------------------------
-- Documents (文件) and their acknowledgements (签收)
-- ---------------------------------------------------------------------------

create table document (
  id             bigint generated always as identity primary key,
  township_id    bigint not null references township,
  campaign_id    bigint,
  title          text not null check (length(title) between 1 and 200),
  number         text check (length(number) <= 60),
  body           text check (length(body) <= 100000),
  attachment_id  bigint,
  sent_by        bigint,
  sent_at        timestamptz not null default now(),
  version        integer not null default 1,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, sent_by) references app_user (township_id, id),
  foreign key (township_id, attachment_id) references attachment (township_id, id)
);
create index document_list on document (township_id, id desc);
create trigger document_touch before update on document
  for each row execute function app.touch();

-- A recipient is a unit: a user, an enterprise, a grid node (its responsible
-- person acknowledges) or a working group (its leader or a member does).
create table document_recipient (
  township_id      bigint not null,
  document_id      bigint not null,
  recipient_kind   text not null check (recipient_kind in ('user', 'enterprise', 'grid_node', 'group')),
  recipient_id     bigint not null,
  acknowledged_at  timestamptz,
  acknowledged_by  bigint,
  primary key (township_id, document_id, recipient_kind, recipient_id),
  foreign key (township_id, document_id) references document (township_id, id) on delete cascade,
  foreign key (township_id, acknowledged_by) references app_user (township_id, id)
);
create index document_recipient_unit on document_recipient (township_id, recipient_kind, recipient_id);

-- Whether the caller answers for a recipient unit.
create function app.answers_for(p_township_id bigint, p_kind text, p_id bigint) returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select p_township_id = app.township_id() and case p_kind
    when 'user' then p_id = app.user_id()
    when 'enterprise' then p_id = app.enterprise_id()
    when 'grid_node' then exists (select 1 from grid_node n where n.township_id = p_township_id
                                   and n.id = p_id and n.responsible_user_id = app.user_id())
    when 'group' then exists (select 1 from working_group g where g.township_id = p_township_id
                               and g.id = p_id and g.leader_user_id = app.user_id())
                   or exists (select 1 from group_member m where m.township_id = p_township_id
                               and m.group_id = p_id and m.user_id = app.user_id())
    else false end
$$;
grant execute on function app.answers_for(bigint, text, bigint) to safegrid_app;

-- ---------------------------------------------------------------------------
-- Closed campaigns freeze what hangs from them; every table is audited
-- ---------------------------------------------------------------------------

create trigger working_group_campaign_open before insert or update or delete on working_group
  for each row execute function app.campaign_closed_guard();
create trigger task_campaign_open before insert or update or delete on task
  for each row when (pg_trigger_depth() = 0) execute function app.campaign_closed_guard();
create trigger responsibility_letter_campaign_open before insert or update or delete on responsibility_letter
  for each row execute function app.campaign_closed_guard();
create trigger enterprise_assignment_campaign_open before insert or update or delete on enterprise_assignment
  for each row execute function app.campaign_closed_guard();

create trigger campaign_audit after insert or update or delete on campaign
  for each row execute function app.audit_row();
create trigger grid_node_audit after insert or update or delete on grid_node
  for each row execute function app.audit_row();
create trigger enterprise_assignment_audit after insert or update or delete on enterprise_assignment
  for each row execute function app.audit_row();
create trigger working_group_audit after insert or update or delete on working_group
  for each row execute function app.audit_row();
create trigger group_member_audit after insert or update or delete on group_member
  for each row execute function app.audit_row();
create trigger task_audit after insert or update or delete on task
  for each row execute function app.audit_row();
create trigger responsibility_letter_audit after insert or update or delete on responsibility_letter
  for each row execute function app.audit_row();
create trigger document_audit after insert or update or delete on document
  for each row execute function app.audit_row();
create trigger document_recipient_audit after insert or update or delete on document_recipient
  for each row execute function app.audit_row();
create trigger attachment_audit after insert or delete on attachment
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------
-- Reads: the caller's townships (a county admin: all of the county's).
-- Writes: the township's committee, except where noted.  Enterprise users
-- see only what concerns their enterprise.

alter table attachment_blob enable row level security;
alter table attachment_blob force row level security;
create policy attachment_blob_all_owner on attachment_blob to safegrid_owner using (true) with check (true);
create policy attachment_blob_select_app on attachment_blob for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]));
create policy attachment_blob_insert_app on attachment_blob for insert to safegrid_app
  with check (township_id = (select app.township_id()));

alter table attachment enable row level security;
alter table attachment force row level security;
create policy attachment_all_owner on attachment to safegrid_owner using (true) with check (true);
create policy attachment_select_app on attachment for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]));
create policy attachment_insert_app on attachment for insert to safegrid_app
  with check (township_id = (select app.township_id()) and uploaded_by = (select app.user_id()));

alter table campaign enable row level security;
alter table campaign force row level security;
create policy campaign_all_owner on campaign to safegrid_owner using (true) with check (true);
create policy campaign_select_app on campaign for select to safegrid_app
  using (county_id = (select app.county_id())
         and (township_id is null or township_id = any ((select app.townships())::bigint[])));
create policy campaign_insert_app on campaign for insert to safegrid_app
  with check (county_id = (select app.county_id())
              and (((select app.role()) = 'county_admin'
                    and (township_id is null or township_id = any ((select app.townships())::bigint[])))
                   or ((select app.role()) = 'committee' and township_id = (select app.township_id()))));
create policy campaign_update_app on campaign for update to safegrid_app
  using (county_id = (select app.county_id())
         and (((select app.role()) = 'county_admin' and township_id is null)
              or ((select app.role()) = 'committee' and township_id = (select app.township_id()))))
  with check (county_id = (select app.county_id()));

alter table campaign_sector enable row level security;
alter table campaign_sector force row level security;
create policy campaign_sector_all_owner on campaign_sector to safegrid_owner using (true) with check (true);
create policy campaign_sector_select_app on campaign_sector for select to safegrid_app
  using (exists (select 1 from campaign c where c.id = campaign_id));
create policy campaign_sector_insert_app on campaign_sector for insert to safegrid_app
  with check (exists (select 1 from campaign c where c.id = campaign_id
                       and ((select app.role()) = 'county_admin' or c.township_id = (select app.township_id()))));
create policy campaign_sector_delete_app on campaign_sector for delete to safegrid_app
  using (exists (select 1 from campaign c where c.id = campaign_id
                  and ((select app.role()) = 'county_admin' or c.township_id = (select app.township_id()))));

-- The township's organization: everyone of the township reads it (an
-- enterprise user: not at all), the committee writes it.
create function app.township_org_policies(p_table text) returns void
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  execute format('alter table %I enable row level security', p_table);
  execute format('alter table %I force row level security', p_table);
  execute format('create policy %I on %I to safegrid_owner using (true) with check (true)',
                 p_table || '_all_owner', p_table);
  execute format('create policy %I on %I for select to safegrid_app using ('
                 'township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> ''enterprise'')',
                 p_table || '_select_app', p_table);
  execute format('create policy %I on %I for insert to safegrid_app with check ('
                 'township_id = (select app.township_id()) and (select app.role()) = ''committee'')',
                 p_table || '_insert_app', p_table);
  execute format('create policy %I on %I for update to safegrid_app using ('
                 'township_id = (select app.township_id()) and (select app.role()) = ''committee'') '
                 'with check (township_id = (select app.township_id()))',
                 p_table || '_update_app', p_table);
  execute format('create policy %I on %I for delete to safegrid_app using ('
                 'township_id = (select app.township_id()) and (select app.role()) = ''committee'')',
                 p_table || '_delete_app', p_table);
end
$$;

select app.township_org_policies(t)
  from unnest(array['grid_node', 'grid_node_move', 'working_group', 'group_member',
                    'responsibility_letter', 'enterprise_assignment']) as t;

-- Tasks: the committee writes; an assignee reports progress on their own.
select app.township_org_policies('task');
create policy task_update_assignee on task for update to safegrid_app
  using (township_id = (select app.township_id()) and assignee_user_id = (select app.user_id()))
  with check (township_id = (select app.township_id()) and assignee_user_id = (select app.user_id()));

-- Moves are written by the trigger, as the one who moved the node.
create policy grid_node_move_insert_mover on grid_node_move for insert to safegrid_app
  with check (township_id = (select app.township_id()) and moved_by = (select app.user_id()));

drop function app.township_org_policies(text);

-- Enterprises: the committee registers and edits them; an enterprise user
-- reads its own (the policy from the identity migration).
create policy enterprise_insert_app on enterprise for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'committee');
create policy enterprise_update_app on enterprise for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.role()) = 'committee')
  with check (township_id = (select app.township_id()));

-- Documents: read by the township's staff, and by the units they were sent
-- to; written by the committee.
alter table document enable row level security;
alter table document force row level security;
create policy document_all_owner on document to safegrid_owner using (true) with check (true);
create policy document_select_app on document for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise'
              or exists (select 1 from document_recipient r
                          where r.township_id = document.township_id and r.document_id = document.id
                            and r.recipient_kind = 'enterprise'
                            and r.recipient_id = (select app.enterprise_id()))));
create policy document_insert_app on document for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'committee');
create policy document_update_app on document for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.role()) = 'committee')
  with check (township_id = (select app.township_id()));

alter table document_recipient enable row level security;
alter table document_recipient force row level security;
create policy document_recipient_all_owner on document_recipient to safegrid_owner using (true) with check (true);
create policy document_recipient_select_app on document_recipient for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise'
              or (recipient_kind = 'enterprise' and recipient_id = (select app.enterprise_id()))));
create policy document_recipient_insert_app on document_recipient for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.role()) = 'committee');
-- Acknowledging: only the unit's own people, only their own units.
create policy document_recipient_update_app on document_recipient for update to safegrid_app
  using (app.answers_for(township_id, recipient_kind, recipient_id))
  with check (app.answers_for(township_id, recipient_kind, recipient_id)
              and acknowledged_by = (select app.user_id()));

-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

grant select on attachment, campaign, campaign_sector, grid_node, grid_node_move,
  enterprise_assignment, working_group, group_member, task, responsibility_letter,
  document, document_recipient to safegrid_app;
grant select (township_id, sha256, content_type, size, bytes) on attachment_blob to safegrid_app;
grant insert on attachment_blob, attachment, campaign, campaign_sector, grid_node, grid_node_move,
  enterprise, enterprise_assignment, working_group, group_member, task, responsibility_letter,
  document, document_recipient to safegrid_app;
grant update on campaign, grid_node, enterprise, enterprise_assignment, working_group, task,
  responsibility_letter, document to safegrid_app;
grant update (acknowledged_at, acknowledged_by) on document_recipient to safegrid_app;
grant delete on campaign_sector, grid_node, working_group, group_member to safegrid_app;
