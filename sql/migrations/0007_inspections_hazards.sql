-- Inspections and the hazard life cycle: checklist templates (versioned),
-- inspections item by item, hazards from registration to closing with
-- their events, public tips, and the enterprise's public token for the
-- notice at its gate.

create extension if not exists pgcrypto;   -- gen_random_bytes for the public tokens

-- ---------------------------------------------------------------------------
-- Checklist templates (安全生产大检查登记表): a county's, versioned
-- ---------------------------------------------------------------------------
-- A template version is a draft until published; a published version never
-- changes again, so inspections made with it keep meaning what they meant.

create table checklist (
  id            bigint generated always as identity primary key,
  county_id     bigint not null references county,
  code          text not null check (code ~ '^[a-z][a-z0-9_-]{1,40}$'),
  version       integer not null check (version > 0),
  name          text not null check (length(name) between 1 and 100),
  status        text not null default 'draft' check (status in ('draft', 'published', 'retired')),
  published_at  timestamptz,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  row_version   integer not null default 1,
  unique (county_id, code, version),
  check ((status = 'draft') = (published_at is null))
);
create trigger checklist_audit after insert or update or delete on checklist
  for each row execute function app.audit_row();

create table checklist_category (
  id            bigint generated always as identity primary key,
  checklist_id  bigint not null references checklist on delete cascade,
  position      integer not null,
  name          text not null check (length(name) between 1 and 60),
  unique (checklist_id, position),
  unique (checklist_id, id)
);

create table checklist_item (
  id                bigint generated always as identity primary key,
  checklist_id      bigint not null references checklist on delete cascade,
  category_id       bigint not null,
  code              text not null check (code ~ '^[A-Z][0-9]{2}$'),
  position          integer not null,
  text              text not null check (length(text) between 1 and 300),
  sector_codes      text[] not null default '{}',   -- empty: every sector
  default_severity  text not null default 'general' check (default_severity in ('general', 'major')),
  major_criterion   boolean not null default false,
  unique (checklist_id, code),
  unique (checklist_id, id),
  foreign key (checklist_id, category_id) references checklist_category (checklist_id, id) on delete cascade,
  check (not major_criterion or default_severity = 'major')
);

-- Published templates are frozen: their categories and items neither change nor go.
create function app.checklist_frozen_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  cid bigint := coalesce((to_jsonb(new)->>'checklist_id')::bigint, (to_jsonb(old)->>'checklist_id')::bigint);
begin
  if exists (select 1 from checklist c where c.id = cid and c.status <> 'draft') then
    raise exception 'a published checklist never changes; make a new version'
      using errcode = 'SG409';
  end if;
  return coalesce(new, old);
end
$$;
create trigger checklist_category_frozen before insert or update or delete on checklist_category
  for each row execute function app.checklist_frozen_guard();
create trigger checklist_item_frozen before insert or update or delete on checklist_item
  for each row execute function app.checklist_frozen_guard();

-- ---------------------------------------------------------------------------
-- Inspections (检查): one enterprise, one campaign, one template version
-- ---------------------------------------------------------------------------

create table inspection (
  id             bigint generated always as identity primary key,
  township_id    bigint not null,
  enterprise_id  bigint not null,
  campaign_id    bigint not null,
  checklist_id   bigint not null references checklist,
  kind           text not null check (kind in ('routine', 'joint', 'self', 'unannounced')),
  inspected_on   date not null,
  inspector_ids  bigint[] not null default '{}',
  note           text check (length(note) <= 2000),
  status         text not null default 'draft' check (status in ('draft', 'submitted')),
  created_by     bigint,
  submitted_by   bigint,
  submitted_at   timestamptz,
  version        integer not null default 1,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  check ((status = 'submitted') = (submitted_at is not null))
);
create index inspection_list on inspection (township_id, inspected_on desc, id desc);
create index inspection_enterprise on inspection (township_id, enterprise_id, inspected_on desc, id desc);
create trigger inspection_touch before update on inspection
  for each row execute function app.touch();
create trigger inspection_audit after insert or update or delete on inspection
  for each row execute function app.audit_row();
create trigger inspection_campaign_open before insert or update or delete on inspection
  for each row execute function app.campaign_closed_guard();

-- A submitted inspection is final.
create function app.inspection_submitted_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if tg_table_name = 'inspection' then
    if old.status = 'submitted' then
      raise exception 'the inspection is submitted and can no longer change' using errcode = 'SG409';
    end if;
    return new;
  end if;
  if exists (select 1 from inspection i
              where i.township_id = coalesce(new.township_id, old.township_id)
                and i.id = coalesce(new.inspection_id, old.inspection_id)
                and i.status = 'submitted') then
    raise exception 'the inspection is submitted and can no longer change' using errcode = 'SG409';
  end if;
  return coalesce(new, old);
end
$$;
create trigger inspection_submitted before update on inspection
  for each row execute function app.inspection_submitted_guard();

create table inspection_result (
  township_id    bigint not null,
  inspection_id  bigint not null,
  item_id        bigint not null references checklist_item,
  result         text not null check (result in ('ok', 'hazard', 'na')),
  note           text check (length(note) <= 2000),
  recorded_by    bigint,
  updated_at     timestamptz not null default now(),
  primary key (township_id, inspection_id, item_id),
  foreign key (township_id, inspection_id) references inspection (township_id, id) on delete cascade
);
create trigger inspection_result_submitted before insert or update or delete on inspection_result
  for each row execute function app.inspection_submitted_guard();
create trigger inspection_result_audit after insert or update or delete on inspection_result
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------
-- Hazards (隐患) and their life cycle
-- ---------------------------------------------------------------------------
--   reported --start--> rectifying --submit--> submitted --verify--> closed
--   reported --close (immediate mode, on the spot)--> closed
--   submitted --reject--> rectifying;  closed --reopen--> rectifying
-- The rules about who may do what live in fcgi/hazard_lifecycle.c; the
-- database keeps the states and the moves between them.

create table hazard (
  id                   bigint generated always as identity primary key,
  township_id          bigint not null,
  enterprise_id        bigint not null,
  grid_node_id         bigint,
  sector_id            bigint not null references sector,
  campaign_id          bigint,
  source               text not null check (source in ('inspection', 'registration', 'tip')),
  inspection_id        bigint,
  item_id              bigint references checklist_item,
  tip_id               bigint,
  description          text not null check (length(description) between 1 and 2000),
  severity             text not null check (severity in ('general', 'major')),
  mode                 text not null check (mode in ('immediate', 'deadline', 'major')),
  measure              text check (length(measure) <= 2000),
  deadline             date,
  responsible_user_id  bigint,
  five_items           jsonb,
  status               text not null default 'reported'
                       check (status in ('reported', 'rectifying', 'submitted', 'closed')),
  submitted_by         bigint,
  closed_at            timestamptz,
  created_by           bigint,
  version              integer not null default 1,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  unique (township_id, id),
  unique (inspection_id, item_id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  foreign key (township_id, grid_node_id) references grid_node (township_id, id),
  foreign key (township_id, campaign_id) references campaign (township_id, id),
  foreign key (township_id, inspection_id) references inspection (township_id, id),
  foreign key (township_id, responsible_user_id) references app_user (township_id, id),
  check ((source = 'inspection') = (inspection_id is not null and item_id is not null)),
  check ((severity = 'major') = (mode = 'major')),
  check (mode = 'immediate' or deadline is not null),
  check ((status = 'closed') = (closed_at is not null)),
  check (five_items is null or jsonb_typeof(five_items) = 'object')
);
-- The lists: by township, newest first, and by the filters people use most.
create index hazard_list on hazard (township_id, created_at desc, id desc);
create index hazard_status on hazard (township_id, status, created_at desc, id desc);
create index hazard_deadline on hazard (township_id, deadline, id) where status in ('reported', 'rectifying');
create index hazard_enterprise on hazard (township_id, enterprise_id, created_at desc, id desc);
create index hazard_grid on hazard (township_id, grid_node_id, created_at desc, id desc);
create index hazard_sector on hazard (township_id, sector_id, created_at desc, id desc);
create trigger hazard_touch before update on hazard
  for each row execute function app.touch();
create trigger hazard_audit after insert or update or delete on hazard
  for each row execute function app.audit_row();

-- Whether the five items (五落实) of a major hazard are all filled.
create function app.five_items_complete(p jsonb) returns boolean
  language sql immutable parallel safe
  as $$
  select p is not null and coalesce(bool_and(length(trim(coalesce(p->>k, ''))) > 0), false)
    from unnest(array['responsibility', 'measures', 'funds', 'time_limit', 'contingency_plan']) as k
$$;
grant execute on function app.five_items_complete(jsonb) to safegrid_app;

-- The states and the moves between them; nothing else changes a status.
create function app.hazard_status_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if new.status is not distinct from old.status then
    return new;
  end if;
  if not ((old.status, new.status) in (('reported', 'rectifying'), ('reported', 'closed'),
                                       ('rectifying', 'submitted'), ('submitted', 'closed'),
                                       ('submitted', 'rectifying'), ('closed', 'rectifying'))) then
    raise exception 'a hazard cannot go from % to %', old.status, new.status using errcode = 'SG409';
  end if;
  if old.status = 'reported' and new.status = 'closed' and old.mode <> 'immediate' then
    raise exception 'only a hazard rectified on the spot is closed without rectification'
      using errcode = 'SG409';
  end if;
  if old.status = 'reported' and new.severity = 'major' and not app.five_items_complete(new.five_items) then
    raise exception 'a major hazard needs its five items before rectification starts'
      using errcode = 'SG422', column = 'five_items';
  end if;
  if new.status = 'closed' and new.severity = 'major' and app.role() is distinct from 'committee'
     and current_user = 'safegrid_app' then
    raise exception 'only the committee closes a major hazard' using errcode = 'SG403';
  end if;
  new.closed_at := case when new.status = 'closed' then now() end;
  return new;
end
$$;
create trigger hazard_status before update of status on hazard
  for each row execute function app.hazard_status_guard();

create table hazard_event (
  id              bigint generated always as identity primary key,
  township_id     bigint not null,
  hazard_id       bigint not null,
  action          text not null
                  check (action in ('report', 'start', 'submit', 'verify', 'reject', 'close', 'reopen', 'edit')),
  from_status     text,
  to_status       text not null,
  actor_id        bigint,
  note            text check (length(note) <= 2000),
  attachment_ids  bigint[] not null default '{}',
  at              timestamptz not null default now(),
  foreign key (township_id, hazard_id) references hazard (township_id, id) on delete cascade
);
create index hazard_event_hazard on hazard_event (township_id, hazard_id, id);

-- ---------------------------------------------------------------------------
-- Public tips (举报) and the gate notice's token
-- ---------------------------------------------------------------------------

alter table enterprise add column public_token text unique
  default encode(gen_random_bytes(16), 'hex');

create table tip (
  id             bigint generated always as identity primary key,
  township_id    bigint not null,
  enterprise_id  bigint not null,
  text           text not null check (length(text) between 1 and 1000),
  contact        text check (length(contact) <= 60),
  client_addr    text not null,
  status         text not null default 'pending' check (status in ('pending', 'accepted', 'dismissed')),
  hazard_id      bigint,
  handled_by     bigint,
  handled_at     timestamptz,
  reason         text check (length(reason) <= 500),
  created_at     timestamptz not null default now(),
  unique (township_id, id),
  foreign key (township_id, enterprise_id) references enterprise (township_id, id),
  foreign key (township_id, hazard_id) references hazard (township_id, id)
);
create index tip_queue on tip (township_id, status, id desc);
create index tip_client on tip (client_addr, created_at);
create trigger tip_audit after insert or update or delete on tip
  for each row execute function app.audit_row();
alter table hazard add foreign key (township_id, tip_id) references tip (township_id, id);

-- A photo of an inspection result belongs to the inspection and names its item.
alter table attachment add column item_id bigint references checklist_item;

-- ---------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------

-- Templates: the county's, read by all its users, written by its admins.
alter table checklist enable row level security;
alter table checklist force row level security;
create policy checklist_all_owner on checklist to safegrid_owner using (true) with check (true);
create policy checklist_select_app on checklist for select to safegrid_app
  using (county_id = (select app.county_id()));
create policy checklist_insert_app on checklist for insert to safegrid_app
  with check (county_id = (select app.county_id()) and (select app.role()) = 'county_admin');
create policy checklist_update_app on checklist for update to safegrid_app
  using (county_id = (select app.county_id()) and (select app.role()) = 'county_admin')
  with check (county_id = (select app.county_id()));

alter table checklist_category enable row level security;
alter table checklist_category force row level security;
create policy checklist_category_all_owner on checklist_category to safegrid_owner using (true) with check (true);
create policy checklist_category_select_app on checklist_category for select to safegrid_app
  using (exists (select 1 from checklist c where c.id = checklist_id));
create policy checklist_category_write_app on checklist_category for all to safegrid_app
  using ((select app.role()) = 'county_admin' and exists (select 1 from checklist c where c.id = checklist_id))
  with check ((select app.role()) = 'county_admin' and exists (select 1 from checklist c where c.id = checklist_id));

alter table checklist_item enable row level security;
alter table checklist_item force row level security;
create policy checklist_item_all_owner on checklist_item to safegrid_owner using (true) with check (true);
create policy checklist_item_select_app on checklist_item for select to safegrid_app
  using (exists (select 1 from checklist c where c.id = checklist_id));
create policy checklist_item_write_app on checklist_item for all to safegrid_app
  using ((select app.role()) = 'county_admin' and exists (select 1 from checklist c where c.id = checklist_id))
  with check ((select app.role()) = 'county_admin' and exists (select 1 from checklist c where c.id = checklist_id));

-- Inspections and hazards: the township's staff read all of the township's;
-- an enterprise user reads its own enterprise's.  Writes: the township's
-- people (the handlers and the life cycle decide which); an enterprise user
-- only its own enterprise's.
alter table inspection enable row level security;
alter table inspection force row level security;
create policy inspection_all_owner on inspection to safegrid_owner using (true) with check (true);
create policy inspection_select_app on inspection for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())));
create policy inspection_insert_app on inspection for insert to safegrid_app
  with check (township_id = (select app.township_id())
              and ((select app.role()) <> 'enterprise'
                   or (enterprise_id = (select app.enterprise_id()) and kind = 'self')));
create policy inspection_update_app on inspection for update to safegrid_app
  using (township_id = (select app.township_id())
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())))
  with check (township_id = (select app.township_id()));

alter table inspection_result enable row level security;
alter table inspection_result force row level security;
create policy inspection_result_all_owner on inspection_result to safegrid_owner using (true) with check (true);
create policy inspection_result_select_app on inspection_result for select to safegrid_app
  using (exists (select 1 from inspection i where i.township_id = inspection_result.township_id
                                              and i.id = inspection_result.inspection_id));
create policy inspection_result_write_app on inspection_result for all to safegrid_app
  using (township_id = (select app.township_id())
         and exists (select 1 from inspection i where i.township_id = inspection_result.township_id
                                                 and i.id = inspection_result.inspection_id))
  with check (township_id = (select app.township_id())
              and exists (select 1 from inspection i where i.township_id = inspection_result.township_id
                                                      and i.id = inspection_result.inspection_id));

alter table hazard enable row level security;
alter table hazard force row level security;
create policy hazard_all_owner on hazard to safegrid_owner using (true) with check (true);
create policy hazard_select_app on hazard for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())));
create policy hazard_insert_app on hazard for insert to safegrid_app
  with check (township_id = (select app.township_id())
              and (select app.role()) in ('committee', 'department', 'supervisor', 'enterprise')
              and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())));
create policy hazard_update_app on hazard for update to safegrid_app
  using (township_id = (select app.township_id())
         and (select app.role()) in ('committee', 'department', 'enterprise')
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())))
  with check (township_id = (select app.township_id()));

alter table hazard_event enable row level security;
alter table hazard_event force row level security;
create policy hazard_event_all_owner on hazard_event to safegrid_owner using (true) with check (true);
create policy hazard_event_select_app on hazard_event for select to safegrid_app
  using (exists (select 1 from hazard h where h.township_id = hazard_event.township_id
                                         and h.id = hazard_event.hazard_id));
create policy hazard_event_insert_app on hazard_event for insert to safegrid_app
  with check (township_id = (select app.township_id()) and actor_id = (select app.user_id())
              and exists (select 1 from hazard h where h.township_id = hazard_event.township_id
                                                  and h.id = hazard_event.hazard_id));

-- Tips: the township's staff handle them; the public writes them through
-- app.public_tip() (security definer), never directly.
alter table tip enable row level security;
alter table tip force row level security;
create policy tip_all_owner on tip to safegrid_owner using (true) with check (true);
create policy tip_select_app on tip for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and (select app.role()) in ('county_admin', 'committee', 'supervisor', 'department'));
create policy tip_update_app on tip for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.role()) in ('committee', 'department'))
  with check (township_id = (select app.township_id()));

-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

grant select on checklist, checklist_category, checklist_item, inspection, inspection_result,
  hazard, hazard_event, tip to safegrid_app;
grant insert, update on checklist to safegrid_app;
grant insert, update, delete on checklist_category, checklist_item to safegrid_app;
grant insert, update on inspection, hazard to safegrid_app;
grant insert, update, delete on inspection_result to safegrid_app;
grant insert on hazard_event to safegrid_app;
grant update (status, hazard_id, handled_by, handled_at, reason) on tip to safegrid_app;
grant update (public_token) on enterprise to safegrid_app;
