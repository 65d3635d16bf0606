-- The demo hazards (隐患) of each demo township, in every state of the life
-- cycle: reported, under rectification, submitted for verification, closed
-- (after verification, and on the spot), some overdue, two major ones under
-- way with their five items (五落实), one sent back after verification.
-- Every move is an event with a sensible actor and time; the photos are
-- tiny PNGs (a red "before", a green "after"), listed by the event they
-- were shown with.  Deadlines are relative to the day the seed first runs.
-- Hazards opened by the demo inspections (60_inspections.sql) get their
-- "report" event if they lack one, and the first general one of each
-- township is taken into rectification.  Safe to run again: a hazard is
-- found by its township, enterprise and description; events and photos are
-- only added to a hazard that has none.

drop view if exists pg_temp.seed_hazard_made;
drop table if exists pg_temp.seed_hazard, pg_temp.seed_hazard_event, pg_temp.seed_hazard_photo,
  pg_temp.seed_png;

-- enterprise: the n-th enterprise of the township by id (1: the enterprise user's);
-- deadline: days from today; created: days ago.
create temp table seed_hazard (k, enterprise, description, severity, mode, measure, deadline,
                               created, major_items) as
values
  (1, 2, '配电箱未加锁，线路私拉乱接，存在触电风险', 'general', 'deadline',
   '更换带锁配电箱，规范敷设线路', 10, 2, false),
  (2, 1, '消防通道堆放杂物，影响人员疏散', 'general', 'deadline',
   '清理消防通道杂物，设置禁止占用标识', 5, 6, false),
  (3, 3, '叉车司机特种作业操作证过期，仍在上岗作业', 'general', 'deadline',
   '立即停止无证作业，安排复审取证', -3, 15, false),
  (4, 4, '厂区危险作业区域安全警示标志缺失', 'general', 'deadline',
   '在危险作业区域设置安全警示标志和告知牌', -5, 12, false),
  (5, 1, '车间灭火器压力不足，未定期检查', 'general', 'deadline',
   '更换灭火器，建立月度检查记录', 3, 8, false),
  (6, 5, '车间通道照明灯具损坏', 'general', 'immediate', '当场更换灯具', null, 4, false),
  (7, 1, '油漆库房排风设施损坏，通风不良', 'general', 'deadline',
   '修复排风设施，安装可燃气体报警器', -8, 20, false),
  (8, 6, '采空区顶板存在冒落风险，未落实监测措施', 'major', 'major',
   '划定警戒区，停止采空区周边作业，委托专业机构治理', 30, 10, true),
  (9, 7, '危险化学品超量储存，未分区分类存放', 'major', 'major',
   '清理超量危化品，按规范分区分类存放，完善防泄漏设施', 20, 14, true),
  (10, 8, '应急预案未组织演练，员工不熟悉应急处置程序', 'general', 'deadline',
   '制定演练计划并组织全员演练，留存演练记录', -1, 18, false);

-- Who did what, hours after the hazard was reported; shows: the photo tag the move was made on.
create temp table seed_hazard_event (k, seq, action, from_status, to_status, actor, hours, note, shows) as
values
  (1, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (2, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (2, 2, 'start', 'reported', 'rectifying', 'ent1', 24, '已安排人员清理', null),
  (3, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (3, 2, 'start', 'reported', 'rectifying', 'safety', 24, '企业已停止无证人员作业', null),
  (4, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (5, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (5, 2, 'start', 'reported', 'rectifying', 'ent1', 24, null, null),
  (5, 3, 'submit', 'rectifying', 'submitted', 'ent1', 120, '灭火器已全部更换，检查记录已建立', 'after'),
  (6, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (6, 2, 'close', 'reported', 'closed', 'safety', 1, '已当场整改', 'before'),
  (7, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (7, 2, 'start', 'reported', 'rectifying', 'ent1', 24, null, 'before'),
  (7, 3, 'submit', 'rectifying', 'submitted', 'ent1', 200, '排风设施已修复，报警器已安装', 'after'),
  (7, 4, 'verify', 'submitted', 'closed', 'safety', 240, '复查合格，予以销号', null),
  (8, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (8, 2, 'start', 'reported', 'rectifying', 'committee', 48, '五落实已明确，挂牌督办', null),
  (9, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (9, 2, 'start', 'reported', 'rectifying', 'committee', 24, '五落实已明确', null),
  (9, 3, 'submit', 'rectifying', 'submitted', 'safety', 150, '超量危化品已清运，已分区存放，待指挥部验收', 'after'),
  (10, 1, 'report', null, 'reported', 'safety', 0, null, null),
  (10, 2, 'start', 'reported', 'rectifying', 'safety', 24, null, null),
  (10, 3, 'submit', 'rectifying', 'submitted', 'safety', 100, '已制定演练计划', 'after'),
  (10, 4, 'reject', 'submitted', 'rectifying', 'committee', 150,
   '只有计划没有演练记录，请组织演练后重新报送', null);

-- The photos: uploaded an hour before the move that shows them.
create temp table seed_hazard_photo (k, tag, actor, hours) as
values (5, 'after', 'ent1', 119), (6, 'before', 'safety', 0.5), (7, 'before', 'safety', 1),
       (7, 'after', 'ent1', 199), (9, 'after', 'safety', 149), (10, 'after', 'safety', 99);

-- A red 1x1 PNG shows the hazard before, a green one after.
create temp table seed_png (tag, bytes) as
values ('before', decode('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de'
                         '0000000c4944415478da6338a1a1010002d401193bad5c080000000049454e44ae426082', 'hex')),
       ('after', decode('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de'
                        '0000000c4944415478da63d05860030001f801054a26098b0000000049454e44ae426082', 'hex'));

insert into attachment_blob (township_id, sha256, content_type, size, bytes)
select t.id, encode(sha256(p.bytes), 'hex'), 'image/png', length(p.bytes), p.bytes
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  cross join seed_png p
 where t.slug in ('difang', 'bailin', 'zhongcun')
on conflict do nothing;

-- The hazards, in the state their last event left them.
insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source,
                    description, severity, mode, measure, deadline, responsible_user_id,
                    five_items, status, submitted_by, closed_at, created_by, version,
                    created_at, updated_at)
select t.id, e.id, e.grid_node_id, e.sector_id, x.id, 'registration', h.description, h.severity,
       h.mode, h.measure, app.today() + h.deadline,
       case when h.enterprise = 1 then ent.id else safety.id end,
       case when h.major_items then jsonb_build_object(
         'responsibility', e.legal_representative || '（主要负责人）对整改负总责',
         'measures', h.measure,
         'funds', '企业自筹专项整改资金30万元',
         'time_limit', to_char(app.today() + h.deadline, 'YYYY"年"MM"月"DD"日"') || '前完成',
         'contingency_plan', '已制定专项应急预案，整改期间落实专人盯守') end,
       fin.to_status,
       (select case when s.actor = 'ent1' then ent.id else u.id end
          from seed_hazard_event s left join app_user u on u.username = t.slug || '.' || s.actor
         where s.k = h.k and s.action = 'submit' order by s.seq desc limit 1),
       case when fin.to_status = 'closed' then now() - make_interval(days => h.created)
                                               + make_interval(hours => fin.hours) end,
       safety.id, (select count(*) from seed_hazard_event s where s.k = h.k)::int,
       now() - make_interval(days => h.created),
       now() - make_interval(days => h.created) + make_interval(hours => fin.hours)
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  join campaign x on x.township_id = t.id and x.parent_id is not null
                 and x.name = (select name from seed_campaign)
  cross join seed_hazard h
  join (select e.*, row_number() over (partition by e.township_id order by e.id) as n
          from enterprise e) e on e.township_id = t.id and e.n = h.enterprise
  join lateral (select s.to_status, s.hours from seed_hazard_event s
                 where s.k = h.k order by s.seq desc limit 1) fin on true
  join app_user safety on safety.username = t.slug || '.safety'
  left join app_user ent on ent.username = t.slug || '.ent1' and ent.enterprise_id = e.id
 where t.slug in ('difang', 'bailin', 'zhongcun')
   and not exists (select 1 from hazard y where y.township_id = t.id and y.enterprise_id = e.id
                                           and y.description = h.description)
 order by t.id, h.k;

-- The seeded hazards with their number k, for the photos and events below.
create temp view seed_hazard_made as
select h.id, h.township_id, h.created_at, s.k, t.slug,
       (select u.id from app_user u where u.enterprise_id = h.enterprise_id
                                      and u.username = t.slug || '.ent1') as ent_user
  from hazard h
  join township t on t.id = h.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join seed_hazard s on s.description = h.description
 where h.source = 'registration';

insert into attachment (township_id, sha256, content_type, size, file_name, tag, entity_type,
                        entity_id, uploaded_by, created_at)
select m.township_id, b.sha256, 'image/png', b.size, '现场照片-' || p.tag || '.png', p.tag, 'hazard',
       m.id, case when p.actor = 'ent1' then m.ent_user else u.id end,
       m.created_at + make_interval(secs => p.hours * 3600)
  from seed_hazard_made m
  join seed_hazard_photo p on p.k = m.k
  join app_user u on u.username = m.slug || '.' || p.actor
  join seed_png png on png.tag = p.tag
  join attachment_blob b on b.township_id = m.township_id and b.sha256 = encode(sha256(png.bytes), 'hex')
 where not exists (select 1 from attachment a where a.township_id = m.township_id
                      and a.entity_type = 'hazard' and a.entity_id = m.id and a.tag = p.tag);

insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note,
                          attachment_ids, at)
select m.township_id, m.id, s.action, s.from_status, s.to_status,
       case when s.actor = 'ent1' then m.ent_user else u.id end, s.note,
       array(select a.id from attachment a
              where a.township_id = m.township_id and a.entity_type = 'hazard'
                and a.entity_id = m.id and a.tag = s.shows order by a.id),
       m.created_at + make_interval(hours => s.hours)
  from seed_hazard_made m
  join seed_hazard_event s on s.k = m.k
  join app_user u on u.username = m.slug || '.' || s.actor
 where not exists (select 1 from hazard_event v where v.township_id = m.township_id
                                                 and v.hazard_id = m.id)
 order by m.id, s.seq;

-- Hazards opened by the demo inspections: each has its "report" event.
insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, at)
select h.township_id, h.id, 'report', null, 'reported', h.created_by, h.created_at
  from hazard h
  join township t on t.id = h.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
 where not exists (select 1 from hazard_event v where v.township_id = h.township_id
                                                 and v.hazard_id = h.id);

-- The township's first general hazard from an inspection goes into rectification.
with first as (
  select distinct on (h.township_id) h.id, h.township_id, t.slug
    from hazard h
    join township t on t.id = h.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
   where h.source = 'inspection' and h.severity = 'general'
   order by h.township_id, h.id),
moved as (
  update hazard h set status = 'rectifying', updated_at = now()
    from first f
   where h.id = f.id and h.status = 'reported'
     and not exists (select 1 from hazard_event v where v.township_id = h.township_id
                        and v.hazard_id = h.id and v.action <> 'report')
  returning h.id, h.township_id, f.slug)
insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note)
select m.township_id, m.id, 'start', 'reported', 'rectifying', u.id, '已下达整改通知'
  from moved m join app_user u on u.username = m.slug || '.safety';

drop view seed_hazard_made;
drop table seed_hazard, seed_hazard_event, seed_hazard_photo, seed_png;
