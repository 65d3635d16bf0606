-- The benchmark county: `safegridctl seed-bench --scale S [--seed N]` runs
-- this file as the owner role in one transaction, after setting
-- bench.scale, bench.seed and seed.password_hash.  At scale 1: 20
-- townships, 20,000 enterprises, 2,000 users, 200,000 inspections with 43
-- results each, 1,000,000 hazards over every state, severity, sector and
-- grid node and the two years of dates up to the day it runs (app.today()),
-- and their events.
--
-- Every value comes from a hash of the row's number and the seed, never
-- from random(), so the same seed gives the same data whatever plan runs
-- (on another day, the same data moved to that day).
-- Audit and guard triggers are off for the bulk tables while they fill
-- (inside this transaction only): the data set is history, not requests.

-- ---------------------------------------------------------------------------
-- Parameters and helpers
-- ---------------------------------------------------------------------------

create temporary table bench_size on commit drop as
select greatest(2, round(20 * s))::int                    as townships,
       greatest(40, round(20000 * s))::int                as enterprises,
       greatest(20, round(2000 * s))::int                 as users,
       greatest(20, round(200000 * s))::int               as inspections,
       greatest(100, round(1000000 * s))::int             as hazards
  from (select current_setting('bench.scale')::numeric as s) p;

-- A deterministic number in [0, n) for row i and purpose k under the seed.
create function pg_temp.pick(i bigint, k int, n int) returns int
  language sql stable
  as $$ select (abs(hashint8(i * 1000003 + k * 7919 + current_setting('bench.seed')::bigint)) % n)::int $$;

-- A valid unified social credit code for enterprise n.
create function pg_temp.credit_code(n bigint) returns text
  language sql immutable
  as $$
  with p as (select '913713' || lpad(n::text, 11, '0') as prefix)
  select prefix || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
           (31 - (select sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(prefix, i, 1)) - 1)
                             * (array[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[i])
                    from generate_series(1, 17) i)::int % 31) % 31 + 1, 1)
    from p
$$;

-- ---------------------------------------------------------------------------
-- The county, its townships, grid, campaign and users
-- ---------------------------------------------------------------------------

insert into county (name, code) values ('基准县', '990001');

insert into township (county_id, name, code, slug)
select c.id, '基准第' || t || '镇', '990001' || lpad(t::text, 6, '0'), 'bench' || t
  from county c, bench_size b, generate_series(1, b.townships) t
 where c.code = '990001';

-- The triggers the migrations enable ALWAYS (the tallies', the cards', the answers'
-- stamps): DISABLE and ENABLE TRIGGER USER below leave them ordinary ones, so the end
-- of this file makes them ALWAYS again, whichever migration added them.
create temp table always_trigger on commit drop as
  select tgrelid::regclass as tab, tgname from pg_trigger where tgenabled = 'A';

alter table grid_node disable trigger user;
alter table app_user disable trigger user;
alter table campaign disable trigger user;
alter table enterprise disable trigger user;
alter table enterprise_assignment disable trigger user;
alter table inspection disable trigger user;
alter table inspection_result disable trigger user;
alter table inspection_tally disable trigger user;
alter table hazard disable trigger user;
alter table hazard_event disable trigger user;

insert into grid_node (township_id, level, kind, name, position)
select t.id, 1, 'township', t.name, 0 from township t where t.slug like 'bench%';
insert into grid_node (township_id, parent_id, level, kind, name, position)
select r.township_id, r.id, 2, 'work_area', '第' || a || '工作区', a
  from grid_node r, generate_series(1, 4) a
 where r.level = 1 and r.township_id in (select id from township where slug like 'bench%');
insert into grid_node (township_id, parent_id, level, kind, name, position)
select w.township_id, w.id, 3, 'village', w.name || '第' || v || '村', v
  from grid_node w, generate_series(1, 3) v
 where w.level = 2 and w.township_id in (select id from township where slug like 'bench%');

-- Users: per township a committee, a supervisor, the rest department staff.
insert into app_user (county_id, township_id, username, display_name, role, password_hash)
select t.county_id, t.id, t.slug || '.' || u.suffix, t.name || u.title, u.role,
       current_setting('seed.password_hash')
  from township t
  cross join (values ('committee', '指挥部', 'committee'), ('supervisor', '督考组', 'supervisor'))
             as u (suffix, title, role)
 where t.slug like 'bench%';
insert into app_user (county_id, township_id, username, display_name, role, password_hash)
select t.county_id, t.id, t.slug || '.dept' || k, t.name || '干部' || k, 'department',
       current_setting('seed.password_hash')
  from township t, bench_size b, generate_series(1, greatest(1, b.users / b.townships - 2)) k
 where t.slug like 'bench%';

insert into campaign (county_id, name, starts_on, ends_on, status)
select id, '安全生产攻坚行动', app.today() - 730, make_date(extract(year from app.today())::int, 12, 31),
       'active'
  from county where code = '990001';
insert into campaign (county_id, township_id, parent_id, name, starts_on, ends_on, status)
select t.county_id, t.id, c.id, c.name, c.starts_on, c.ends_on, 'active'
  from township t join campaign c on c.county_id = t.county_id and c.township_id is null
 where t.slug like 'bench%';

-- ---------------------------------------------------------------------------
-- Enterprises and their cadres
-- ---------------------------------------------------------------------------

create temporary table bench_township on commit drop as
select row_number() over (order by t.id) - 1 as n, t.id, t.county_id,
       (select array_agg(g.id order by g.id) from grid_node g where g.township_id = t.id and g.level = 3) as villages,
       (select array_agg(u.id order by u.id) from app_user u where u.township_id = t.id and u.role = 'department') as staff,
       (select c.id from campaign c where c.township_id = t.id) as campaign_id
  from township t where t.slug like 'bench%';

create temporary table bench_sector on commit drop as
select row_number() over (order by s.position) - 1 as n, s.id
  from sector s join county c on c.id = s.county_id where c.code = '990001';

insert into enterprise (township_id, name, credit_code, sector_id, grid_node_id, address,
                        legal_representative, contact_name, contact_phone, status, risk_level)
select t.id,
       '基准' || (array['石膏', '建材', '化工', '食品', '机械', '物流', '纺织', '木业'])[pg_temp.pick(e, 1, 8) + 1]
         || '有限公司' || e,
       pg_temp.credit_code(e),
       s.id,
       t.villages[pg_temp.pick(e, 2, array_length(t.villages, 1)) + 1],
       '基准县第' || e || '号',
       '法人' || e, '安全员' || e, '139' || lpad((e % 100000000)::text, 8, '0'),
       (array['operating', 'operating', 'operating', 'operating', 'operating', 'operating',
              'operating', 'suspended', 'closed', 'unlicensed'])[pg_temp.pick(e, 3, 10) + 1],
       (array['red', 'orange', 'yellow', 'blue', 'blue'])[pg_temp.pick(e, 4, 5) + 1]
  from bench_size b, generate_series(1, b.enterprises) e
  join bench_township t on t.n = e % (select townships from bench_size)
  join bench_sector s on s.n = pg_temp.pick(e, 5, 12);

create temporary table bench_enterprise on commit drop as
select row_number() over (order by e.id) - 1 as n, e.id, e.township_id, e.sector_id, e.grid_node_id
  from enterprise e join bench_township t on t.id = e.township_id;
create index on bench_enterprise (n);
analyze bench_enterprise;

insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id, starts_on)
select e.township_id, e.id, t.campaign_id,
       t.staff[pg_temp.pick(e.n, 6, array_length(t.staff, 1)) + 1], app.today() - 730
  from bench_enterprise e join bench_township t on t.id = e.township_id;

-- ---------------------------------------------------------------------------
-- Inspections, 43 results each
-- ---------------------------------------------------------------------------

create temporary table bench_item on commit drop as
select row_number() over (order by i.position, i.id) - 1 as n, i.id, i.checklist_id
  from checklist_item i join checklist c on c.id = i.checklist_id
  join county k on k.id = c.county_id
 where k.code = '990001' and c.status = 'published';

insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on,
                        inspector_ids, status, created_by, submitted_by, submitted_at, created_at)
select e.township_id, e.id, t.campaign_id, (select min(checklist_id) from bench_item),
       (array['routine', 'routine', 'routine', 'joint', 'self', 'unannounced'])[pg_temp.pick(i, 7, 6) + 1],
       d.day, array[s.user_id], 'submitted', s.user_id, s.user_id, d.day + time '17:00', d.day + time '09:00'
  from bench_size b, generate_series(1, b.inspections) i
  join bench_enterprise e on e.n = pg_temp.pick(i, 8, (select enterprises from bench_size))
  join bench_township t on t.id = e.township_id
  cross join lateral (select app.today() - pg_temp.pick(i, 9, 730) as day) d
  cross join lateral (select t.staff[pg_temp.pick(i, 10, array_length(t.staff, 1)) + 1] as user_id) s;

insert into inspection_result (township_id, inspection_id, item_id, result, recorded_by, updated_at)
select n.township_id, n.id, it.id,
       case when pg_temp.pick(n.id * 64 + it.n, 11, 100) < 2 then 'hazard'
            when pg_temp.pick(n.id * 64 + it.n, 12, 100) < 8 then 'na'
            else 'ok' end,
       n.created_by, n.submitted_at
  from inspection n join bench_township t on t.id = n.township_id
  cross join bench_item it;

-- ---------------------------------------------------------------------------
-- Hazards: the failed results first, then registrations up to the total
-- ---------------------------------------------------------------------------

create temporary table bench_hazard (
  n bigint, township_id bigint, enterprise_id bigint, grid_node_id bigint, sector_id bigint,
  campaign_id bigint, inspection_id bigint, item_id bigint, created_at timestamptz,
  actor bigint, verifier bigint) on commit drop;

insert into bench_hazard
select row_number() over (order by r.inspection_id, r.item_id), r.township_id, n.enterprise_id,
       e.grid_node_id, e.sector_id, n.campaign_id, r.inspection_id, r.item_id, n.submitted_at,
       n.submitted_by, t.staff[pg_temp.pick(r.inspection_id, 13, array_length(t.staff, 1)) + 1]
  from inspection_result r
  join inspection n on n.township_id = r.township_id and n.id = r.inspection_id
  join bench_enterprise e on e.id = n.enterprise_id
  join bench_township t on t.id = n.township_id
 where r.result = 'hazard'
 limit (select hazards from bench_size);

insert into bench_hazard
select k.n, e.township_id, e.id, e.grid_node_id, e.sector_id, t.campaign_id, null, null,
       (app.today() - 1 + time '18:00') at time zone 'Asia/Shanghai'
         - make_interval(days => pg_temp.pick(k.n, 14, 730), mins => pg_temp.pick(k.n, 15, 600)),
       t.staff[pg_temp.pick(k.n, 16, array_length(t.staff, 1)) + 1],
       t.staff[pg_temp.pick(k.n, 17, array_length(t.staff, 1)) + 1]
  from generate_series((select count(*) + 1 from bench_hazard), (select hazards from bench_size)) k(n)
  join bench_enterprise e on e.n = pg_temp.pick(k.n, 18, (select enterprises from bench_size))
  join bench_township t on t.id = e.township_id;

-- State by age against the deadline: hazards still within their time are
-- mostly open, those past it mostly closed, old ones nearly all closed; so
-- open hazards are a few percent of all, and somewhat under half of them
-- are overdue, as in a township mid-campaign.
insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source,
                    inspection_id, item_id, description, severity, mode, measure, deadline,
                    responsible_user_id, five_items, status, submitted_by, closed_at, created_by,
                    created_at, updated_at)
select h.township_id, h.enterprise_id, h.grid_node_id, h.sector_id, h.campaign_id,
       case when h.inspection_id is null then 'registration' else 'inspection' end,
       h.inspection_id, h.item_id,
       (array['消防通道堵塞', '灭火器过期', '配电箱无防护', '特种作业人员无证', '安全出口锁闭',
              '危化品超量存放', '应急预案未演练', '安全警示标志缺失'])[pg_temp.pick(h.n, 19, 8) + 1],
       k.severity,
       case when k.severity = 'major' then 'major'
            when pg_temp.pick(h.n, 20, 10) < 3 then 'immediate' else 'deadline' end,
       '限期整改并复查',
       k.created_on + k.days,
       h.actor,
       case when k.severity = 'major' then jsonb_build_object(
         'responsibility', '企业主要负责人', 'measures', '停产整改', 'funds', '20万元',
         'time_limit', '30日', 'contingency_plan', '专项应急预案') end,
       st.status,
       case when st.status in ('submitted', 'closed') then h.actor end,
       case when st.status = 'closed' then h.created_at + make_interval(days => least(k.days, k.age)) end,
       h.actor, h.created_at, h.created_at
  from bench_hazard h
  cross join lateral (
    select case when pg_temp.pick(h.n, 21, 100) < 3 then 'major' else 'general' end as severity,
           (array[7, 15, 30, 45, 60])[pg_temp.pick(h.n, 24, 5) + 1] as days,
           (h.created_at at time zone 'Asia/Shanghai')::date as created_on,
           (app.today() - (h.created_at at time zone 'Asia/Shanghai')::date) as age) k
  cross join lateral (select case
         when k.age <= k.days
         then (array['reported', 'rectifying', 'rectifying', 'submitted', 'closed'])[pg_temp.pick(h.n, 22, 5) + 1]
         when k.age <= k.days + 60
         then (array['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed',
                     'submitted', 'rectifying', 'reported'])[pg_temp.pick(h.n, 23, 10) + 1]
         when pg_temp.pick(h.n, 25, 200) = 0 then 'rectifying'
         else 'closed' end as status) st;

-- Events: the report, then one event a move to where each hazard stands.
insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, at)
select z.township_id, z.id, m.action, m.from_status, m.to_status, z.created_by,
       z.created_at + m.step * interval '2 days'
  from hazard z join bench_township t on t.id = z.township_id
  cross join lateral (values (0, 'report', null, 'reported'),
                             (1, 'start', 'reported', 'rectifying'),
                             (2, 'submit', 'rectifying', 'submitted'),
                             (3, 'verify', 'submitted', 'closed')) as m (step, action, from_status, to_status)
 where m.step <= case z.status when 'reported' then 0 when 'rectifying' then 1
                               when 'submitted' then 2 else 3 end;

alter table grid_node enable trigger user;
alter table app_user enable trigger user;
alter table campaign enable trigger user;
alter table enterprise enable trigger user;
alter table enterprise_assignment enable trigger user;
alter table inspection enable trigger user;
alter table inspection_result enable trigger user;
alter table inspection_tally enable trigger user;
alter table hazard enable trigger user;
alter table hazard_event enable trigger user;

-- The grid's subtrees the lists' filter reads (0042), the enterprises' cadres
-- (0043), the tallies the dashboards read (0026), counted once from the rows the
-- triggers did not see; then the hazards' cards the list reads (0032), and the
-- inspections' cards (0037), after the counts they show.
select app.grid_subtrees_rebuild();
select app.enterprise_cadres_rebuild();
select app.tallies_rebuild();
select app.hazard_cards_rebuild();
select app.inspection_cards_rebuild();

analyze township, grid_node, app_user, campaign, enterprise, enterprise_assignment,
        enterprise_cadres, grid_subtree, inspection, inspection_result, inspection_tally,
        inspection_card, hazard, hazard_event,
        hazard_card;

-- ---------------------------------------------------------------------------
-- Oversight: groups, daily reports, supervision orders, accountability
-- ---------------------------------------------------------------------------
-- A working group per sector in every township's campaign; thirty days of
-- daily reports from them (a group skips every fifth day, so the
-- not-reported list has names), read by the committee but for the last day;
-- 50 supervision orders per township about open hazards, a fifth in each
-- state, numbered by the trigger as they are issued; one accountability
-- record per township.  And who reads the other dashboards: the county admin
-- bench.admin and an enterprise user <township>.ent1.
insert into app_user (county_id, township_id, username, display_name, role, password_hash)
select id, null, 'bench.admin', '基准县安全办', 'county_admin', current_setting('seed.password_hash')
  from county where code = '990001';
insert into app_user (county_id, township_id, username, display_name, role, enterprise_id, password_hash)
select t.county_id, t.id, t.slug || '.ent1', t.name || '企业安全员', 'enterprise',
       (select min(e.id) from enterprise e where e.township_id = t.id), current_setting('seed.password_hash')
  from township t where t.slug like 'bench%';

insert into working_group (township_id, campaign_id, kind, sector_id, name)
select c.township_id, c.id, 'sector', s.id, left(s.name, 50) || '专项组'
  from campaign c join township t on t.id = c.township_id and t.slug like 'bench%'
  join sector s on s.county_id = c.county_id;

alter table daily_report disable trigger user;
alter table daily_report_read disable trigger user;
insert into daily_report (township_id, group_id, report_date, note, submitted_by)
select g.township_id, g.id, app.today() - n, '今日排查完毕。', u.id
  from working_group g
  join township t on t.id = g.township_id and t.slug like 'bench%'
  join app_user u on u.username = t.slug || '.committee'
  cross join generate_series(0, 29) n
 where (g.id + n) % 5 <> 0;
insert into daily_report_read (township_id, report_date, read_by)
select t.id, app.today() - n, u.id
  from township t join app_user u on u.username = t.slug || '.committee'
  cross join generate_series(1, 29) n
 where t.slug like 'bench%';
alter table daily_report enable trigger user;
alter table daily_report_read enable trigger user;

insert into supervision_order (township_id, addressee_user_id, matter, action, deadline, listed, issued_by)
select t.id, d.id, '基准督办事项' || k, '限期整改并书面报告', app.today() + (k % 20) - 6, false, s.id
  from township t
  join app_user s on s.username = t.slug || '.supervisor'
  join app_user d on d.username = t.slug || '.dept1'
  cross join generate_series(1, 50) k
 where t.slug like 'bench%'
 order by t.id, k;
insert into supervision_order_hazard (township_id, order_id, hazard_id)
select o.township_id, o.id, h.id
  from supervision_order o
  join township t on t.id = o.township_id and t.slug like 'bench%'
  cross join lateral (select x.id from hazard x where x.township_id = o.township_id
                         and x.status in ('reported', 'rectifying') order by x.id offset o.seq limit 1) h;
update supervision_order o
   set state = (array['issued', 'answered', 'rejected', 'closed', 'escalated'])[1 + o.seq % 5],
       closed_at = case when o.seq % 5 = 3 then now() end,
       escalated_at = case when o.seq % 5 = 4 then now() end
  from township t where t.id = o.township_id and t.slug like 'bench%';

insert into accountability (township_id, user_id, kind, reason, date, created_by)
select t.id, d.id, 'reminder_talk', '督办单逾期未答复。', app.today() - 1, s.id
  from township t
  join app_user s on s.username = t.slug || '.supervisor'
  join app_user d on d.username = t.slug || '.dept1'
 where t.slug like 'bench%';

-- Notifications (0020) in proportion: besides those the orders above made, twenty a user
-- over the last 30 days, about the hazards of their township, seven in ten read, each
-- with its outbox row, delivered unless made today.
insert into notification (township_id, user_id, kind, subject_type, subject_id, title, body, reminder_day,
                          created_at, read_at)
select u.township_id, u.id, k.kind, 'hazard', h.id, k.title, '基准提醒：隐患「' || left(h.description, 30) || '」。',
       case when k.kind in ('hazard_due_soon', 'hazard_overdue') then app.today() - (n % 30) end,
       now() - make_interval(days => n % 30, mins => n),
       case when n % 10 < 7 then now() - make_interval(days => n % 30) end
  from app_user u
  join township t on t.id = u.township_id and t.slug like 'bench%'
  cross join generate_series(1, 20) n
  cross join lateral (select (array['hazard_assigned', 'hazard_due_soon', 'hazard_overdue', 'hazard_rejected'])[1 + n % 4]
                             as kind,
                             (array['新隐患待整改', '隐患即将到期', '隐患已逾期', '隐患整改被退回'])[1 + n % 4] as title) k
  cross join lateral (select x.id, x.description from hazard x
                       where x.township_id = u.township_id order by x.id offset (u.id * 20 + n) % 1000 limit 1) h
 order by u.id, n;
insert into notification_outbox (township_id, notification_id, payload, attempts, delivered_at, created_at)
select n.township_id, n.id,
       jsonb_build_object('notification_id', n.id, 'user_id', n.user_id, 'kind', n.kind, 'title', n.title,
                          'body', n.body, 'subject_type', n.subject_type, 'subject_id', n.subject_id),
       case when n.created_at < now() - interval '1 day' then 1 else 0 end,
       case when n.created_at < now() - interval '1 day' then n.created_at + interval '1 minute' end,
       n.created_at
  from notification n
 where not exists (select 1 from notification_outbox o where o.notification_id = n.id);

analyze working_group, daily_report, daily_report_read, supervision_order, supervision_order_hazard,
        supervision_order_event, accountability, notification, notification_outbox;

-- The triggers that fired always before fire always again (see the top): those the
-- statements above left ordinary.  A table with a deferred trigger's event pending (the
-- answers' stamps, at commit) cannot be altered: those events fire first.
set constraints all immediate;
do $$
declare
  t record;
begin
  for t in select a.tab, a.tgname from always_trigger a
             join pg_trigger g on g.tgrelid = a.tab and g.tgname = a.tgname
            where g.tgenabled <> 'A' loop
    execute format('alter table %s enable always trigger %I', t.tab, t.tgname);
  end loop;
end
$$;
