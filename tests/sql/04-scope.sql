-- Who may act on and read what (0015): a department within its sectors and
-- assigned enterprises, unannounced drafts kept to the supervision group,
-- supervisors' accounts kept to the county admin; the write policies asking
-- the action table.  Run in a transaction that is rolled back.

BEGIN;
select plan(11);

-- A credit code with its check character, for prefix p (17 characters).
create function pg_temp.credit_code(p text) returns text
  language sql stable as $$
  select p || c from unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', null)) c
   where app.credit_code_valid(p || c) limit 1
$$;

-- Whether statement p_sql changes a row (true) or changes none, or is
-- refused by a policy or a guard (false).
create function pg_temp.runs(p_sql text) returns boolean
  language plpgsql as $$
declare
  n bigint;
begin
  execute p_sql;
  get diagnostics n = row_count;
  return n > 0;
exception when insufficient_privilege or sqlstate 'SG403' then
  return false;
end
$$;

-- The fixtures, as the superuser.
insert into app_user (county_id, township_id, username, display_name, role, password_hash)
select t.county_id, t.id, 'difang.pgtap-scope', '范围测试', 'department', 'x' from township t where t.slug = 'difang';
insert into user_sector (township_id, user_id, sector_id)
select u.township_id, u.id, s.id from app_user u join sector s on s.county_id = u.county_id and s.code = 'food'
 where u.username = 'difang.pgtap-scope';
insert into enterprise (township_id, name, credit_code, sector_id)
select t.id, 'pgTAP ' || s.code, pg_temp.credit_code('9137132600000' || s.n), s.id
  from township t, (select id, code, case code when 'food' then '0001' else '0002' end as n
                      from sector where code in ('food', 'tourism')) s
 where t.slug = 'difang' and s.id in (select id from sector where county_id = t.county_id);
insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode, deadline)
select e.township_id, e.id, e.sector_id, 'registration', 'pgTAP ' || e.name, 'general', 'deadline', app.today() + 10
  from enterprise e where e.name like 'pgTAP %';
insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on, note, created_by)
select e.township_id, e.id, c.id, k.id, 'unannounced', app.today(), 'pgTAP 暗访', u.id
  from enterprise e
  join campaign c on c.township_id = e.township_id and c.status = 'active'
  join checklist k on k.code = 'township-registration' and k.status = 'published'
  join app_user u on u.username = 'difang.supervisor'
 where e.name = 'pgTAP food'
 limit 1;
create temp table ids as
select (select id from app_user where username = 'difang.pgtap-scope') as dept,
       (select id from app_user where username = 'difang.supervisor') as supervisor,
       (select id from app_user where username = 'difang.committee') as committee,
       (select id from app_user where username = 'difang.ent1') as ent1,
       (select id from hazard where description = 'pgTAP pgTAP food') as inside,
       (select id from hazard where description = 'pgTAP pgTAP tourism') as outside,
       (select id from inspection where note = 'pgTAP 暗访') as draft;
grant select on ids to safegrid_app;

-- The users' settings, read now: safegrid_app sees no user before it has them.
create temp table people as select id, role, township_id, county_id, enterprise_id from app_user;
grant select on people to safegrid_app;

-- Acting as user p_user (its role, township and enterprise).
create function pg_temp.act_as(p_user bigint) returns void
  language sql as $$
  select set_config('app.user_id', u.id::text, true), set_config('app.role', u.role, true),
         set_config('app.township_id', coalesce(u.township_id::text, ''), true),
         set_config('app.county_id', u.county_id::text, true),
         set_config('app.enterprise_id', coalesce(u.enterprise_id::text, ''), true),
         set_config('app.townships', '{' || u.township_id::text || '}', true)
    from pg_temp.people u where u.id = p_user
$$;

-- The organization's policies are all in the migrations' text now.
select is((select count(*) from pg_policies
            where tablename in ('grid_node', 'grid_node_move', 'working_group', 'group_member',
                                'responsibility_letter', 'enterprise_assignment', 'task')
              and policyname ~ '_(select|insert|update|delete)_app$')::int, 28,
          'the township organization has its 28 policies, written out in 0015');

set local role safegrid_app;

-- A department: its sector's hazard, not another's.
select pg_temp.act_as((select dept from ids));
select ok(pg_temp.runs(format('update hazard set measure = %L where id = %s', '整改', (select inside from ids))),
          'a department changes a hazard of its sector');
select ok(not pg_temp.runs(format('update hazard set measure = %L where id = %s', '越界', (select outside from ids))),
          'a department changes no hazard outside its sectors and enterprises');
select is((select count(*) from hazard where id in ((select inside from ids), (select outside from ids)))::int, 2,
          'a department still reads both');

-- As the assigned cadre of the other enterprise, it may.
reset role;
insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id)
select h.township_id, h.enterprise_id, c.id, (select dept from ids)
  from hazard h join campaign c on c.township_id = h.township_id and c.status = 'active'
 where h.id = (select outside from ids) limit 1;
set local role safegrid_app;
select pg_temp.act_as((select dept from ids));
select ok(pg_temp.runs(format('update hazard set measure = %L where id = %s', '包扶', (select outside from ids))),
          'the assigned cadre changes a hazard of its enterprise, whatever its sector');

-- An unannounced draft: the supervision group's alone.
select pg_temp.act_as((select supervisor from ids));
select is((select count(*) from inspection where id = (select draft from ids))::int, 1,
          'a supervisor sees the supervision group''s unannounced draft');
select pg_temp.act_as((select committee from ids));
select is((select count(*) from inspection where id = (select draft from ids))::int, 0,
          'the committee does not see an unannounced draft');
select pg_temp.act_as((select ent1 from ids));
select is((select count(*) from inspection where note = 'pgTAP 暗访')::int, 0,
          'the inspected enterprise does not see an unannounced draft');

-- Supervisors' accounts: the county admin's only.
select pg_temp.act_as((select committee from ids));
select ok(not pg_temp.runs(format('update app_user set active = false where id = %s', (select supervisor from ids))),
          'a committee does not disable a supervisor');
select ok(not pg_temp.runs(format('update app_user set role = %L where id = %s', 'supervisor', (select dept from ids))),
          'a committee makes nobody a supervisor');

-- A supervisor opens no hazard by registration (the action table: hazard.register).
select pg_temp.act_as((select supervisor from ids));
select ok(not pg_temp.runs(format(
  'insert into hazard (township_id, enterprise_id, sector_id, source, description, severity, mode, deadline)'
  ' select township_id, enterprise_id, sector_id, %L, %L, %L, %L, app.today() + 5 from hazard where id = %s',
  'registration', 'pgTAP 督考登记', 'general', 'deadline', (select inside from ids))),
  'a supervisor registers no hazard');

select * from finish();
ROLLBACK;
