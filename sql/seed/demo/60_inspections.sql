-- The demo inspections (检查) of each demo township's campaign of the year
-- (seed_campaign, 10_campaign.sql), on the enterprises of 30_enterprises.sql
-- (found by the number in their credit code) with the county's published
-- township-registration template (0008): fifteen routine and joint
-- inspections over the six months before the campaign was seeded (fewer
-- days early in the year: the plan is squeezed into the campaign's days so
-- far), a self-inspection by the enterprise
-- of <town>.ent1, an unannounced one by <town>.supervisor, all submitted
-- with a result for every item (na where an item does not apply to the
-- enterprise's sector, hazard where the plan found one, ok otherwise), and
-- two drafts still being filled in.  Submitting opens the hazards and their
-- "report" events exactly as POST /inspections/{id}/submit does, so that
-- 70_hazards.sql can move them on.  Without the campaign nothing is made.
-- Safe to run again: the days follow from the day the campaign was seeded,
-- an inspection is known by its enterprise, campaign, day and kind, and a
-- submitted one is never written again.

create temporary table seed_inspection_plan (
  slug text, n integer, kind text, inspected_on date, maker text, inspectors text[],
  note text, recorded integer          -- items recorded: null all (submitted), else a draft
) on commit drop;

-- n: the enterprise's number in 30_enterprises.sql; 0 the enterprise of <town>.ent1.
-- before: days before the day the campaign was seeded (each township a day later
-- than the one before), scaled down when the campaign began less than 175 days before.
insert into seed_inspection_plan (slug, n, kind, inspected_on, maker, inspectors, note, recorded)
select t.slug, p.n, p.kind,
       d.seeded_on - (p.before - t.shift) * least(d.seeded_on - x.starts_on, 175) / 175,
       p.maker, p.inspectors, p.note, p.recorded
  from (values ('difang', 0), ('bailin', 1), ('zhongcun', 2)) as t (slug, shift)
  join township w on w.slug = t.slug
  join county k on k.id = w.county_id and k.code = '371326'
  join campaign x on x.township_id = w.id and x.name = (select name from seed_campaign)
                 and x.parent_id is not null
  cross join lateral (select (x.created_at at time zone 'Asia/Shanghai')::date as seeded_on) d
  cross join (values
    (1,  'routine',     175, 'safety',     array['safety'],              '石膏矿专项检查', null),
    (3,  'routine',     164, 'safety',     array['safety'],              null, null),
    (5,  'routine',     153, 'safety',     array['safety'],              null, null),
    (8,  'routine',     142, 'safety',     array['safety'],              '粉尘涉爆专项检查', null),
    (9,  'routine',     131, 'committee',  array['committee'],           null, null),
    (12, 'routine',     120, 'committee',  array['committee'],           null, null),
    (14, 'joint',       109, 'committee',  array['committee', 'safety'], '危险化学品联合检查', null),
    (15, 'joint',        98, 'committee',  array['committee', 'safety'], '燃气安全联合检查', null),
    (16, 'routine',      87, 'safety',     array['safety'],              null, null),
    (17, 'routine',      76, 'safety',     array['safety'],              null, null),
    (24, 'routine',      65, 'committee',  array['committee'],           '人员密集场所消防检查', null),
    (27, 'routine',      54, 'committee',  array['committee'],           null, null),
    (28, 'routine',      43, 'committee',  array['committee'],           null, null),
    (32, 'joint',        32, 'committee',  array['committee', 'safety'], '建筑施工联合检查', null),
    (36, 'routine',      21, 'committee',  array['committee'],           null, null),
    (0,  'self',         46, 'ent1',       array['ent1'],                '企业月度自查', null),
    (40, 'unannounced',  18, 'supervisor', array['supervisor'],          '督考组暗访', null),
    (20, 'routine',       4, 'committee',  array['committee'],           null, 20),
    (33, 'joint',         3, 'safety',     array['safety', 'committee'], null, 9))
    as p (n, kind, before, maker, inspectors, note, recorded);

-- What the inspectors found: the hazard results, by enterprise number.
create temporary table seed_inspection_finding (
  n integer, code text, note text, measure text, mode text, days integer   -- deadline: inspected_on + days
) on commit drop;
insert into seed_inspection_finding (n, code, note, measure, mode, days) values
  (1,  'C10', '采场东侧边坡形成“伞檐”，局部高约15米，未按设计分台阶开采',
   '立即停止该区域采剥作业并设置警戒，委托设计单位出具削坡方案，按设计分台阶治理', null, null),
  (1,  'B03', '2名爆破、电工作业人员特种作业操作证已过期',
   '无证人员立即停止特种作业，组织参加复审取证', 'deadline', 20),
  (3,  'C02', '破碎机皮带传动部位防护罩缺失', '加装防护罩并经验收后方可开机', 'deadline', 7),
  (3,  'D01', '配电室2具灭火器压力不足', '当场更换灭火器', 'immediate', null),
  (5,  'C03', '成型车间配电箱未上锁，部分临时线路私拉乱接', '规范敷设线路，配电箱加锁并设置漏电保护', 'deadline', 10),
  (8,  'C09', '砂光车间除尘风管积尘严重，使用非防爆照明灯具', '停产清理积尘，更换防爆电气设备，建立清扫记录', null, null),
  (8,  'D06', '车间内有电动自行车充电', '当场移出，设置室外集中充电点', 'immediate', null),
  (9,  'B06', '2名后厨人员健康证明过期', '暂停2人上岗，办理健康证明', 'deadline', 15),
  (12, 'D02', '成品库消防通道堆放包装袋', '立即清理，划线标明通道', 'immediate', null),
  (14, 'E04', '甲醇储罐区2台可燃气体报警器故障未修复', '立即修复报警器并接入监控系统，修复前落实专人巡检', null, null),
  (14, 'E01', '危险化学品出入库台账缺少领用人签字', '完善台账，逐笔补签', 'deadline', 7),
  (15, 'C05', '2号储罐安全阀校验超期', '委托检验机构校验安全阀', 'deadline', 10),
  (17, 'D05', '零售店内设置住人床铺，经营、储存与住人“三合一”', '立即拆除住人设施，人员搬离经营场所', null, null),
  (24, 'D04', '二层3处疏散指示标志损坏不亮', '更换疏散指示标志', 'deadline', 10),
  (24, 'D02', '北侧安全出口堆放杂物', '当场清理', 'immediate', null),
  (27, 'D07', '本年度未组织消防应急演练', '制定演练计划并组织一次全员演练', 'deadline', 30),
  (32, 'C07', '3号楼五层临边防护栏杆缺失', '立即补设防护栏杆和安全网', 'deadline', 3),
  (32, 'B04', '1名塔吊司机未取得特种设备作业人员证', '立即调离岗位，由持证司机操作', 'deadline', 5),
  (36, 'D09', '景区入山口未设置火源检查点', '设置检查点并安排专人值守', 'deadline', 15),
  (0,  'A07', '隐患自查台账未按月更新', '每月组织自查并如实登记、整改销号', 'deadline', 15),
  (40, 'A04', '未办理营业执照即开业经营', '停止经营，办理证照', 'deadline', 30),
  (40, 'E07', '后厨使用液化气未安装可燃气体报警装置，软管老化', '安装可燃气体报警装置，更换燃气软管', 'deadline', 7);

-- The inspections, as drafts first (results go in only while drafts).
with target as (
  select p.*, t.id as township_id, e.id as enterprise_id, x.id as campaign_id, c.id as checklist_id
    from seed_inspection_plan p
    join township t on t.slug = p.slug
    join county k on k.id = t.county_id and k.code = '371326'
    join campaign x on x.township_id = t.id and x.name = (select name from seed_campaign)
                   and x.parent_id is not null and x.status = 'active'
    join checklist c on c.county_id = t.county_id and c.code = 'township-registration' and c.status = 'published'
    join enterprise e on e.township_id = t.id
     and (case when p.n = 0
               then e.id = (select u.enterprise_id from app_user u where u.username = p.slug || '.ent1')
               else e.credit_code ~ '^[0-9]{2}371326MA[0-9][0-9]{6}.$'
                    and substr(e.credit_code, 12, 6)::int = p.n end)
)
insert into inspection (township_id, enterprise_id, campaign_id, checklist_id, kind, inspected_on,
                        inspector_ids, note, created_by, created_at, updated_at)
select g.township_id, g.enterprise_id, g.campaign_id, g.checklist_id, g.kind, g.inspected_on,
       array(select u.id from unnest(g.inspectors) with ordinality w (who, k)
               join app_user u on u.username = g.slug || '.' || w.who order by w.k),
       g.note, maker.id, s.started, s.started
  from target g
  join app_user maker on maker.username = g.slug || '.' || g.maker
  cross join lateral (select least((g.inspected_on + time '09:00') at time zone 'Asia/Shanghai', now())
                        as started) s
 where not exists (select 1 from inspection i
                    where i.township_id = g.township_id and i.enterprise_id = g.enterprise_id
                      and i.campaign_id = g.campaign_id and i.inspected_on = g.inspected_on
                      and i.kind = g.kind)
 order by g.township_id, g.inspected_on;

-- The plan's inspections as they stand, with what they are of.
create temporary view seed_inspection_target as
select i.id, i.township_id, i.checklist_id, i.inspected_on, i.status, i.created_by, p.n, p.recorded,
       s.code as sector_code
  from seed_inspection_plan p
  join township t on t.slug = p.slug
  join inspection i on i.township_id = t.id and i.inspected_on = p.inspected_on and i.kind = p.kind
  join campaign x on x.id = i.campaign_id and x.name = (select name from seed_campaign)
  join enterprise e on e.township_id = i.township_id and e.id = i.enterprise_id
  join sector s on s.id = e.sector_id
 where case when p.n = 0
            then e.id = (select u.enterprise_id from app_user u where u.username = p.slug || '.ent1')
            else e.credit_code ~ '^[0-9]{2}371326MA[0-9][0-9]{6}.$'
                 and substr(e.credit_code, 12, 6)::int = p.n end;

-- The results, item by item, by whoever made the inspection.
insert into inspection_result (township_id, inspection_id, item_id, result, note, measure, mode,
                               deadline, recorded_by, updated_at)
select g.township_id, g.id, x.id,
       case when f.code is not null then 'hazard'
            when cardinality(x.sector_codes) > 0 and not g.sector_code = any (x.sector_codes) then 'na'
            else 'ok' end,
       f.note, f.measure, f.mode, g.inspected_on + f.days, g.created_by,
       least((g.inspected_on + time '10:00' + x.position * interval '2 minutes') at time zone 'Asia/Shanghai',
             now())
  from seed_inspection_target g
  join checklist_item x on x.checklist_id = g.checklist_id
  left join seed_inspection_finding f on f.n = g.n and f.code = x.code
 where g.status = 'draft' and (g.recorded is null or x.position <= g.recorded)
on conflict (township_id, inspection_id, item_id) do nothing;

-- Submitted the afternoon of the inspection, by whoever made it.
update inspection i
   set status = 'submitted', submitted_by = g.created_by,
       submitted_at = least((g.inspected_on + time '16:30') at time zone 'Asia/Shanghai', now())
  from seed_inspection_target g
 where i.id = g.id and g.status = 'draft' and g.recorded is null;

-- The hazards the submission opened, with their report events, as
-- POST /inspections/{id}/submit opens them, at the time of the submission.
select app.inspection_open_hazards(i.id, i.submitted_by, i.submitted_at)
  from seed_inspection_target g
  join inspection i on i.id = g.id and i.status = 'submitted'
 order by i.id;

drop view seed_inspection_target;
