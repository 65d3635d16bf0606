-- Sessions and login attempts past use are removed as logins come (0013):
-- the oldest hundred rows of each table at a time, and only those past use.
-- Run in a transaction that starts from empty tables and is rolled back.

BEGIN;
select plan(8);

delete from session;
delete from login_attempt;
alter table login_attempt disable trigger login_attempt_prune;   -- while the past is written

-- Sessions, oldest first: three past use, two not.
insert into session (user_id, token_hash, csrf_token, created_at, last_seen_at, ended_at)
select u.id, 'pgtap-retention-' || s.n, 'csrf', now() - s.created, now() - s.seen, now() - s.ended
  from (select min(id) as id from app_user) u,
       (values (1, interval '45 days', interval '40 days', interval '40 days'),   -- ended 40 days ago
               (2, interval '40 days', interval '32 days', null),                 -- idle 32 days
               (3, interval '95 days', interval '1 day', null),                   -- older than any may live
               (4, interval '12 days', interval '10 days', interval '10 days'),   -- ended 10 days ago
               (5, interval '1 hour', interval '1 minute', null))                 -- in use
       as s (n, created, seen, ended)
 order by s.n;

-- Login attempts: 150 of two days ago, then 5 of the last hour.
insert into login_attempt (username, client_addr, ok, at)
select 'pgtap.retention', '192.0.2.9', false, now() - interval '2 days' from generate_series(1, 150);
insert into login_attempt (username, client_addr, ok, at)
select 'pgtap.retention', '192.0.2.9', false, now() - interval '1 hour' from generate_series(1, 5);

-- One more attempt, as a login records it: the insert prunes.
alter table login_attempt enable trigger login_attempt_prune;
insert into login_attempt (username, client_addr, ok) values ('pgtap.retention', '192.0.2.9', true);

select is(array(select right(token_hash, 1) from session order by id), array['4', '5'],
          'sessions ended or idle a month, or older than any may live, are removed; the rest kept');
select is((select count(*) from login_attempt where at < now() - interval '1 day'), 50::bigint,
          'at most the 100 oldest login attempts go at a time');
select is((select count(*) from login_attempt where at > now() - interval '1 day'), 6::bigint,
          'attempts of the last day are kept');

-- A login, failed or not, prunes first.
select is(app.login_record('pgtap.retention', null, false, null, null, '192.0.2.9', null), null,
          'a failed login is recorded');
select is((select count(*) from login_attempt where at < now() - interval '1 day'), 0::bigint,
          'the login removed the rest of the old attempts');
select is((select count(*) from login_attempt where at > now() - interval '1 day'), 7::bigint,
          'and added its own');

-- The server's role reaches the tables only through the login's functions.
set local role safegrid_app;
select throws_ok($$insert into login_attempt (username, client_addr, ok) values ('x', 'y', true)$$,
                 '42501', null, 'the server''s role cannot record an attempt on its own');
reset role;
select is((select count(*) from session), 2::bigint, 'the two sessions in use or recent remain');

select * from finish();
ROLLBACK;
