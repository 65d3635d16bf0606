-- Row-level security: every tenant table has it, enabled and forced; the
-- server's role sees nothing without the per-request settings, and as one
-- township sees no row of another township or county; it bypasses nothing,
-- owns nothing, and never reads password hashes, sessions or login attempts.
--
-- A tenant table is a table of schema public with a township_id column, and
-- township itself; county-scoped tables are those with a county_id column.
-- Every tenant table gets a row of bailin and of another county below, so
-- that "sees none of them" is never true for want of rows.

BEGIN;
select plan(26);

-- ---------------------------------------------------------------------------
-- Helpers (temporary, so gone with the session)
-- ---------------------------------------------------------------------------

-- The tables of a scope: the scope's own table (township, county) and every
-- table that carries its key column (township_id, county_id).
create function pg_temp.scoped_tables(p_table name, p_key name) returns setof name
  language sql stable
  as $$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind in ('r', 'p')
     and (c.relname = p_table
          or exists (select 1 from pg_attribute a where a.attrelid = c.oid
                      and a.attname = p_key and not a.attisdropped))
   order by 1
$$;

create function pg_temp.tenant_tables() returns setof name
  language sql stable as $$ select pg_temp.scoped_tables('township', 'township_id') $$;

create function pg_temp.county_tables() returns setof name
  language sql stable as $$ select pg_temp.scoped_tables('county', 'county_id') $$;

-- How many rows of p_table matching p_where the current role can see; -1
-- when it may not read the table at all (which also shows nothing).
create function pg_temp.visible_rows(p_table name, p_where text) returns bigint
  language plpgsql
  as $$
declare
  n bigint;
begin
  execute format('select count(*) from public.%I where %s', p_table, p_where) into n;
  return n;
exception when insufficient_privilege then
  return -1;
end
$$;

-- The condition "belongs to township t" for a tenant table.
create function pg_temp.of_township(p_table name, p_township bigint) returns text
  language sql immutable
  as $$ select case when p_table = 'township' then format('id = %s', p_township)
                    else format('township_id = %s', p_township) end $$;

create function pg_temp.of_county(p_table name, p_county bigint) returns text
  language sql immutable
  as $$ select case when p_table = 'county' then format('id = %s', p_county)
                    else format('county_id = %s', p_county) end $$;

-- ---------------------------------------------------------------------------
-- Rows: one of every tenant table in difang (to see), in bailin and in a
-- township of another county (to hide)
-- ---------------------------------------------------------------------------

do $$ begin perform set_config('test.county', (select id::text from county where code = '371326'), true),
       set_config('test.difang', (select id::text from township where slug = 'difang'), true),
       set_config('test.bailin', (select id::text from township where slug = 'bailin'), true),
       set_config('test.committee', (select id::text from app_user where username = 'difang.committee'), true),
       set_config('test.ent1', (select id::text from app_user where username = 'difang.ent1'), true),
       set_config('test.ent1_enterprise',
                  (select enterprise_id::text from app_user where username = 'difang.ent1'), true); end $$;

do $$
declare
  county_id bigint := current_setting('test.county')::bigint;
  bailin bigint := current_setting('test.bailin')::bigint;
  other_county bigint;
  other_town bigint;
  town bigint;
  county bigint;
  sector_id bigint;
  user_id bigint;
  enterprise_id bigint;
  campaign_id bigint;
  root_id bigint;
  node_id bigint;
  group_id bigint;
  document_id bigint;
  list_id bigint;
  first_item bigint;
  inspection_row bigint;
  hazard_row bigint;
  task_row bigint;
  order_row bigint;
  accountability_row bigint;
  code text;
begin
  insert into county (name, code) values ('策略测试县', '999001') returning id into other_county;
  insert into township (county_id, name, code, slug)
    values (other_county, '策略测试镇', '999001100000', 'rls-test') returning id into other_town;
  insert into app_user (county_id, township_id, username, display_name, role, password_hash)
    values (other_county, null, 'rls-test.admin', '他县管理员', 'county_admin', 'x');
  insert into campaign (county_id, township_id, name, starts_on, ends_on)
    values (other_county, null, '他县行动', app.today() - 30, app.today() + 300);
  perform set_config('test.other_county', other_county::text, true);
  perform set_config('test.other_town', other_town::text, true);

  foreach town in array array[current_setting('test.difang')::bigint, bailin, other_town] loop
    county := case when town = other_town then other_county else county_id end;
    select min(s.id) into sector_id from sector s where s.county_id = county;
    insert into app_user (county_id, township_id, username, display_name, role, password_hash)
      values (county, town, 'rls-test.user' || town, '测试用户', 'department', 'x')
      returning id into user_id;
    insert into user_sector (township_id, user_id, sector_id) values (town, user_id, sector_id);
    select c into code
      from unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', null)) ch,
           lateral (select '9199900' || lpad(town::text, 3, '0') || '7060009' || ch as c) x
     where app.credit_code_valid(c) limit 1;
    insert into enterprise (township_id, name, credit_code, sector_id)
      values (town, '策略测试企业' || town, code, sector_id) returning id into enterprise_id;
    insert into campaign (county_id, township_id, name, starts_on, ends_on)
      values (county, town, '策略测试行动', app.today() - 30, app.today() + 300) returning id into campaign_id;
    insert into campaign_sector (campaign_id, sector_id) values (campaign_id, sector_id);
    select min(n.id) into root_id from grid_node n where n.township_id = town and n.level = 1;
    if root_id is null then
      insert into grid_node (township_id, level, kind, name)
        values (town, 1, 'township', '策略测试镇网格') returning id into root_id;
    end if;
    insert into grid_node (township_id, parent_id, level, kind, name)
      values (town, root_id, 2, 'work_area', '策略测试工作区') returning id into node_id;
    insert into grid_node_move (township_id, node_id, from_parent_id, to_parent_id)
      values (town, node_id, null, root_id);
    insert into working_group (township_id, campaign_id, kind, name)
      values (town, campaign_id, 'coordination', '策略测试协调组') returning id into group_id;
    insert into group_member (township_id, group_id, user_id) values (town, group_id, user_id);
    insert into task (township_id, campaign_id, title, target, deadline, grid_node_id)
      values (town, campaign_id, '策略测试任务', 1, app.today() + 30, node_id);
    insert into responsibility_letter (township_id, campaign_id, grid_node_id, issuer_name)
      values (town, campaign_id, node_id, '书记');
    insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id)
      values (town, enterprise_id, campaign_id, user_id);
    insert into document (township_id, title) values (town, '策略测试文件') returning id into document_id;
    insert into document_recipient (township_id, document_id, recipient_kind, recipient_id)
      values (town, document_id, 'user', user_id);
    insert into attachment_blob (township_id, sha256, content_type, size, bytes)
      values (town, repeat('ab', 32), 'application/pdf', 8, '%PDF-1.4'::bytea);
    insert into attachment (township_id, sha256, content_type, size, tag, entity_type, entity_id)
      values (town, repeat('ab', 32), 'application/pdf', 8, 'document', 'document', document_id);
    -- Inspections and hazards, with the county's default checklist.
    select min(c.id) into list_id from checklist c where c.county_id = county and c.status = 'published';
    select min(i.id) into first_item from checklist_item i where i.checklist_id = list_id;
    insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on)
      values (town, enterprise_id, campaign_id, list_id, 'routine', app.today() - 1)
      returning id into inspection_row;
    insert into inspection_result (township_id, inspection_id, item_id, result)
      values (town, inspection_row, first_item, 'hazard');
    -- A submitted one too: its trigger counts the township's inspected
    -- enterprises (inspected_enterprise, township_tally; 0026).
    insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on,
                            status, submitted_at)
      values (town, enterprise_id, campaign_id, list_id, 'routine', app.today() - 2, 'submitted', now());
    insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode, deadline)
      values (town, enterprise_id, sector_id, 'registration', '策略测试隐患', 'general', 'deadline', app.today() + 30)
      returning id into hazard_row;
    insert into hazard_event (township_id, hazard_id, action, to_status)
      values (town, hazard_row, 'report', 'reported');
    insert into tip (township_id, enterprise_id, text, client_addr)
      values (town, enterprise_id, '策略测试举报', '198.51.100.9');
    -- Oversight: an order (numbered, its issue event written by trigger) about the
    -- hazard and a task, an accountability record, a kind, a daily report and its
    -- read mark.
    select min(t.id) into task_row from task t where t.township_id = town;
    insert into supervision_order (township_id, addressee_user_id, matter, action, deadline, issued_by)
      values (town, user_id, '策略测试督办', '整改', app.today() + 7, user_id) returning id into order_row;
    insert into supervision_order_hazard (township_id, order_id, hazard_id) values (town, order_row, hazard_row);
    insert into supervision_order_task (township_id, order_id, task_id) values (town, order_row, task_row);
    insert into accountability (township_id, user_id, kind, reason, date, created_by)
      values (town, user_id, 'criticism', '策略测试问责', app.today(), user_id) returning id into accountability_row;
    insert into accountability_order (township_id, accountability_id, order_id)
      values (town, accountability_row, order_row);
    insert into accountability_hazard (township_id, accountability_id, hazard_id)
      values (town, accountability_row, hazard_row);
    insert into accountability_kind (township_id, code, name) values (town, 'rls_test', '策略测试')
      on conflict do nothing;
    insert into daily_report (township_id, group_id, report_date, submitted_by)
      values (town, group_id, app.today(), user_id);
    insert into daily_report_read (township_id, report_date, read_by) values (town, app.today(), user_id)
      on conflict do nothing;
    -- The stored answers and their stamp (0030; the stamp's trigger fires at
    -- commit, which this transaction never reaches).
    insert into answer_stamp (township_id, shard, stamp) values (town, 0, 1) on conflict do nothing;
    insert into answer (county_id, township_id, view, version, day, body)
      values (county, town, 'rls-test/', '1', app.today(), '{}');
    insert into activation_code (township_id, user_id, code_hash, expires_at)
      values (town, user_id, repeat('0', 64), now() + interval '1 day');
    insert into login_application (township_id, credit_code, name, legal_representative, mobile, client_addr)
      values (town, code, '策略测试申请', '测试', '13900000000', '192.0.2.1');   -- the API tests may have marked today's read already
  end loop;
end
$$;

-- ---------------------------------------------------------------------------
-- Every tenant table: RLS enabled and forced, and rows to hide
-- ---------------------------------------------------------------------------

select ok(array['township', 'enterprise', 'app_user', 'user_sector', 'audit_log']::name[]
          <@ array(select pg_temp.tenant_tables()),
          'the tenant tables are found');

select is(array(select t from pg_temp.tenant_tables() t join pg_class c on c.oid = ('public.' || t)::regclass
                 where not c.relrowsecurity),
          '{}'::name[], 'every tenant table has row-level security enabled');

select is(array(select t from pg_temp.tenant_tables() t join pg_class c on c.oid = ('public.' || t)::regclass
                 where not c.relforcerowsecurity),
          '{}'::name[], 'every tenant table has row-level security forced');

select is(array(select t from pg_temp.county_tables() t join pg_class c on c.oid = ('public.' || t)::regclass
                 where not (c.relrowsecurity and c.relforcerowsecurity)),
          '{}'::name[], 'every county table has row-level security enabled and forced');

-- Any other table the server may touch at all must have it too.
select is(array(select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p')
                   and not (c.relrowsecurity and c.relforcerowsecurity)
                   and (has_table_privilege('safegrid_app', c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE')
                        or has_any_column_privilege('safegrid_app', c.oid, 'SELECT,INSERT,UPDATE'))
                 order by 1),
          '{}'::name[], 'every table safegrid_app may use has row-level security enabled and forced');

select is(array(select t from pg_temp.tenant_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.bailin')::bigint)) < 1),
          '{}'::name[], 'every tenant table has a row of bailin (seen as the superuser)');

select is(array(select t from pg_temp.tenant_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.other_town')::bigint)) < 1),
          '{}'::name[], 'every tenant table has a row of the other county (seen as the superuser)');

-- ---------------------------------------------------------------------------
-- As safegrid_app with no settings: nothing at all
-- ---------------------------------------------------------------------------

set local role safegrid_app;

select is(array(select t from pg_temp.tenant_tables() t where pg_temp.visible_rows(t, 'true') > 0),
          '{}'::name[], 'no settings: every tenant table shows no rows');

select is(array(select t from pg_temp.county_tables() t where pg_temp.visible_rows(t, 'true') > 0),
          '{}'::name[], 'no settings: every county table shows no rows');

-- ---------------------------------------------------------------------------
-- As difang's committee: nothing of bailin, nothing of another county
-- ---------------------------------------------------------------------------

do $$ begin perform set_config('app.user_id', current_setting('test.committee'), true),
       set_config('app.role', 'committee', true),
       set_config('app.township_id', current_setting('test.difang'), true),
       set_config('app.county_id', current_setting('test.county'), true),
       set_config('app.enterprise_id', '', true),
       set_config('app.townships', '{' || current_setting('test.difang') || '}', true); end $$;

select is(array(select t from pg_temp.tenant_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.bailin')::bigint)) > 0),
          '{}'::name[], 'difang committee: no row of bailin in any tenant table');

select is(array(select t from pg_temp.tenant_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.other_town')::bigint)) > 0),
          '{}'::name[], 'difang committee: no row of another county''s township in any tenant table');

select is(array(select t from pg_temp.county_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_county(t, current_setting('test.other_county')::bigint)) > 0),
          '{}'::name[], 'difang committee: no row of another county in any county table');

select is(array(select t from unnest(array['township', 'app_user', 'enterprise', 'campaign', 'grid_node',
                                            'task', 'document', 'audit_log']::name[]) t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.difang')::bigint)) < 1),
          '{}'::name[], 'difang committee: its own township''s rows are visible');

-- ---------------------------------------------------------------------------
-- As the county admin: the county's townships, nothing of another county
-- ---------------------------------------------------------------------------

do $$ begin perform set_config('app.user_id', (select id::text from app_user where username = 'admin'), true),
       set_config('app.role', 'county_admin', true),
       set_config('app.township_id', '', true),
       set_config('app.county_id', current_setting('test.county'), true),
       set_config('app.townships', (select array_agg(id order by id)::text from township
                                     where county_id = current_setting('test.county')::bigint), true); end $$;

select is(array(select t from pg_temp.tenant_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_township(t, current_setting('test.other_town')::bigint)) > 0),
          '{}'::name[], 'county admin: no row of another county''s township in any tenant table');

select is(array(select t from pg_temp.county_tables() t
                 where pg_temp.visible_rows(t, pg_temp.of_county(t, current_setting('test.other_county')::bigint)) > 0),
          '{}'::name[], 'county admin: no row of another county in any county table');

select ok(pg_temp.visible_rows('app_user', pg_temp.of_township('app_user', current_setting('test.bailin')::bigint)) > 0,
          'county admin: the county''s other townships are visible');

-- ---------------------------------------------------------------------------
-- As difang's enterprise user: its own enterprise only
-- ---------------------------------------------------------------------------

do $$ begin perform set_config('app.user_id', current_setting('test.ent1'), true),
       set_config('app.role', 'enterprise', true),
       set_config('app.township_id', current_setting('test.difang'), true),
       set_config('app.enterprise_id', current_setting('test.ent1_enterprise'), true),
       set_config('app.townships', '{' || current_setting('test.difang') || '}', true); end $$;

select is(pg_temp.visible_rows('enterprise', 'true'), 1::bigint,
          'enterprise user: exactly one enterprise visible');
select is(pg_temp.visible_rows('app_user', 'true'), 1::bigint,
          'enterprise user: only itself among the users');

-- ---------------------------------------------------------------------------
-- What safegrid_app may never read
-- ---------------------------------------------------------------------------

select throws_ok('select password_hash from app_user', '42501', null,
                 'safegrid_app cannot read app_user.password_hash');
select throws_ok('select * from session', '42501', null, 'safegrid_app cannot read session');
select throws_ok('select * from login_attempt', '42501', null, 'safegrid_app cannot read login_attempt');

reset role;

-- ---------------------------------------------------------------------------
-- The role itself
-- ---------------------------------------------------------------------------

select is((select rolbypassrls from pg_roles where rolname = 'safegrid_app'), false,
          'safegrid_app has NOBYPASSRLS');
select is((select rolsuper from pg_roles where rolname = 'safegrid_app'), false,
          'safegrid_app is not a superuser');
select ok(not pg_has_role('safegrid_app', 'safegrid_owner', 'MEMBER'),
          'safegrid_app is not a member of safegrid_owner');
select is((select count(*) from pg_shdepend
            where refclassid = 'pg_authid'::regclass and refobjid = 'safegrid_app'::regrole
              and deptype = 'o'),
          0::bigint, 'safegrid_app owns nothing in any database');
select is((select count(*) from pg_class where relowner = 'safegrid_app'::regrole)
          + (select count(*) from pg_proc where proowner = 'safegrid_app'::regrole)
          + (select count(*) from pg_namespace where nspowner = 'safegrid_app'::regrole),
          0::bigint, 'safegrid_app owns no table, function or schema here');

select * from finish();
ROLLBACK;
