-- The audit log is append-only in the database itself: no role -- not the
-- server's, not the owner, not even a superuser -- updates, deletes or
-- truncates it (a trigger refuses with SQLSTATE SG403, or, for the server's
-- role, the missing grant with 42501). Writes to audited tables leave a row
-- with before and after, and never a password hash.

BEGIN;
select plan(26);

-- A row to try it on, written the way the server writes them.
do $$
begin
  perform set_config('app.request_id', 'pgtap-audit-0001', true),
          set_config('app.client_addr', '192.0.2.7', true);
  perform app.audit('test.audit', 'test', 1, null, null, '{"x": 1}'::jsonb, null, null);
  perform set_config('test.audit_id', (select max(id)::text from audit_log), true);
  perform set_config('test.audit_row',
                     (select to_jsonb(a)::text from audit_log a where id = (select max(id) from audit_log)), true);
end
$$;

create function pg_temp.audit_row_unchanged() returns boolean
  language sql
  as $$ select (select to_jsonb(a) from audit_log a where id = current_setting('test.audit_id')::bigint)
               = current_setting('test.audit_row')::jsonb $$;

select is((select action from audit_log where id = current_setting('test.audit_id')::bigint),
          'test.audit', 'app.audit() appends a row');

-- ---------------------------------------------------------------------------
-- As the superuser
-- ---------------------------------------------------------------------------

select throws_ok($$update audit_log set action = 'tampered' where id = current_setting('test.audit_id')::bigint$$,
                 'SG403', null, 'superuser: UPDATE is refused');
select throws_ok($$delete from audit_log where id = current_setting('test.audit_id')::bigint$$,
                 'SG403', null, 'superuser: DELETE is refused');
select throws_ok('truncate audit_log', 'SG403', null, 'superuser: TRUNCATE is refused');
select ok(pg_temp.audit_row_unchanged(), 'superuser: the row is as it was');

-- ---------------------------------------------------------------------------
-- As the owner role
-- ---------------------------------------------------------------------------

set local role safegrid_owner;
select throws_ok($$update audit_log set action = 'tampered' where id = current_setting('test.audit_id')::bigint$$,
                 'SG403', null, 'safegrid_owner: UPDATE is refused');
select throws_ok($$delete from audit_log where id = current_setting('test.audit_id')::bigint$$,
                 'SG403', null, 'safegrid_owner: DELETE is refused');
select throws_ok('truncate audit_log', 'SG403', null, 'safegrid_owner: TRUNCATE is refused');
reset role;
select ok(pg_temp.audit_row_unchanged(), 'safegrid_owner: the row is as it was');

-- ---------------------------------------------------------------------------
-- As the server's role
-- ---------------------------------------------------------------------------

do $$
begin
  perform set_config('test.committee', (select id::text from app_user where username = 'difang.committee'), true),
          set_config('test.safety', (select id::text from app_user where username = 'difang.safety'), true),
          set_config('test.difang', (select id::text from township where slug = 'difang'), true),
          set_config('test.county', (select county_id::text from township where slug = 'difang'), true),
          set_config('test.old_name', (select display_name from app_user where username = 'difang.safety'), true);
  -- Signed in as difang's committee, as app.request_begin() leaves it.
  perform set_config('app.user_id', current_setting('test.committee'), true),
          set_config('app.role', 'committee', true),
          set_config('app.township_id', current_setting('test.difang'), true),
          set_config('app.county_id', current_setting('test.county'), true),
          set_config('app.enterprise_id', '', true),
          set_config('app.townships', '{' || current_setting('test.difang') || '}', true),
          set_config('app.request_id', 'pgtap-audit-0002', true),
          set_config('app.client_addr', '192.0.2.8', true);
end
$$;

set local role safegrid_app;
select throws_ok($$update audit_log set action = 'tampered' where id = current_setting('test.audit_id')::bigint$$,
                 '42501', null, 'safegrid_app: UPDATE is refused');
select throws_ok($$delete from audit_log where id = current_setting('test.audit_id')::bigint$$,
                 '42501', null, 'safegrid_app: DELETE is refused');
select throws_ok('truncate audit_log', '42501', null, 'safegrid_app: TRUNCATE is refused');
select throws_ok($$insert into audit_log (actor_id, action, entity_type) values (1, 'forged', 'test')$$,
                 '42501', null, 'safegrid_app: a row in someone else''s name is refused');
select lives_ok($$insert into audit_log (actor_id, township_id, action, entity_type)
                  values (current_setting('test.committee')::bigint, current_setting('test.difang')::bigint,
                          'test.own', 'test')$$,
                'safegrid_app: a row in its own name is accepted');

-- An update of a user, as the committee would make it through the API.
update app_user set display_name = '审计测试名', phone = '13900000000'
 where id = current_setting('test.safety')::bigint;
reset role;

select is((select count(*) from audit_log where entity_type = 'app_user'
            and entity_id = current_setting('test.safety')::bigint and request_id = 'pgtap-audit-0002'),
          1::bigint, 'the update wrote one audit row');
do $$
begin
  perform set_config('test.update_row',
    (select to_jsonb(a)::text from audit_log a
      where entity_type = 'app_user' and entity_id = current_setting('test.safety')::bigint
        and request_id = 'pgtap-audit-0002'), true);
end
$$;
select is(current_setting('test.update_row')::jsonb->>'action', 'app_user.update', 'its action is app_user.update');
select is((current_setting('test.update_row')::jsonb->>'actor_id')::bigint,
          current_setting('test.committee')::bigint, 'its actor is the caller');
select is((current_setting('test.update_row')::jsonb->>'township_id')::bigint,
          current_setting('test.difang')::bigint, 'its township is the user''s');
select is(current_setting('test.update_row')::jsonb->>'client_addr', '192.0.2.8', 'it keeps the client address');
select is(current_setting('test.update_row')::jsonb #>> '{before,display_name}', current_setting('test.old_name'),
          'before has the old display name');
select is(current_setting('test.update_row')::jsonb #>> '{after,display_name}', '审计测试名',
          'after has the new display name');
select is(current_setting('test.update_row')::jsonb #>> '{after,phone}', '13900000000',
          'after has the new phone');
select ok(not (current_setting('test.update_row')::jsonb->'before' ? 'password_hash')
          and not (current_setting('test.update_row')::jsonb->'after' ? 'password_hash'),
          'before and after leave out password_hash');

-- A new password: audited (its time), the hash nowhere in the log.
set local role safegrid_app;
do $$ begin perform set_config('app.request_id', 'pgtap-audit-0003', true); end $$;
update app_user set password_hash = '$argon2id$v=19$m=65536,t=2,p=1$pgtapsecret', password_changed_at = now() - interval '1 day'
 where id = current_setting('test.safety')::bigint;
reset role;
select is((select count(*) from audit_log where request_id = 'pgtap-audit-0003'
            and action = 'app_user.update' and after ? 'password_changed_at'),
          1::bigint, 'a password change is audited');
select is((select count(*) from audit_log
            where (before::text like '%pgtapsecret%' or after::text like '%pgtapsecret%'
                   or before ? 'password_hash' or after ? 'password_hash')),
          0::bigint, 'no audit row holds a password hash');

-- An insert and a delete are audited too.
insert into township (county_id, name, code, slug)
  values (current_setting('test.county')::bigint, '审计测试镇', '371326999000', 'audit-test');
delete from township where slug = 'audit-test';
select is(array(select action from audit_log where entity_type = 'township'
                 and (after->>'slug' = 'audit-test' or before->>'slug' = 'audit-test') order by id),
          array['township.insert', 'township.delete'], 'inserts and deletes are audited');

select * from finish();
ROLLBACK;
