-- The demo tasks (任务分解) of each demo township's campaign of the year
-- (seed_campaign, 10_campaign.sql): "排查全部企业隐患" split into one
-- sub-task per work area and one per village (targets: the village's
-- enterprises, in 家), a letters task, a ledger task for the safety office
-- and a task for the non-coal-mine group.  Some are done, some under way, some late (their
-- deadline passed while they are open).  Deadlines are relative to the day
-- the seed first runs, so the picture stays the same on a fresh demo.
-- Without the campaign (10_campaign.sql) nothing is created.  Safe to run
-- again: a task is found by its campaign, parent and title.

-- Top-level tasks, on the township's root node or the safety office's, or
-- on a working group.
insert into task (township_id, campaign_id, title, description, grid_node_id, group_id,
                  assignee_user_id, unit, target, progress, deadline, state)
select t.id, x.id, v.title, v.description, g.id, w.id, u.id, v.unit, v.target, v.progress,
       app.today() + v.days, v.state
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  join campaign x on x.township_id = t.id and x.parent_id is not null
                 and x.name = (select name from seed_campaign) and x.status <> 'closed'
  cross join (values
    ('排查全部企业隐患', '按照安全生产大检查登记表，对辖区全部企业逐项排查隐患，做到不漏一家。',
     'root', null, 'committee', '家', 10000, 0, 30, 'in_progress'),
    ('签订安全生产责任书', '镇与各工作区、各村、镇安监办逐级签订安全生产责任书。',
     'root', null, 'committee', '份', 13, 9, 5, 'in_progress'),
    ('建立隐患整改台账', '镇安监办建立全镇隐患整改台账，实行整改销号管理。',
     '镇安监办', null, 'safety', '项', 1, 1, -20, 'done'),
    ('非煤矿山企业专项整治', '非煤矿山专项工作组对辖区非煤矿山企业开展专项整治。',
     null, 'non_coal_mine', 'safety', '家', 6, 2, 15, 'in_progress'))
    as v (title, description, node, sector, who, unit, target, progress, days, state)
  left join grid_node g on g.township_id = t.id
                       and ((g.level = 2 and g.name = v.node) or (v.node = 'root' and g.level = 1))
  left join sector s on s.county_id = t.county_id and s.code = v.sector
  left join working_group w on w.campaign_id = x.id and w.kind = 'sector' and w.sector_id = s.id
  left join app_user u on u.username = t.slug || '.' || v.who
 where t.slug in ('difang', 'bailin', 'zhongcun')
   and (g.id is not null or w.id is not null)
   and not exists (select 1 from task y
                    where y.campaign_id = x.id and y.parent_id is null and y.title = v.title)
 order by t.id, v.days;

-- One sub-task per work area, assigned to the committee.
insert into task (township_id, campaign_id, parent_id, title, description, grid_node_id,
                  assignee_user_id, unit, target, deadline, state)
select p.township_id, p.campaign_id, p.id, g.name || '企业隐患排查',
       g.name || '所辖各村企业隐患排查，按村分解到人。', g.id, u.id, '家', 100,
       app.today() + 20, 'in_progress'
  from task p
  join campaign x on x.id = p.campaign_id and x.parent_id is not null
                 and x.name = (select name from seed_campaign)
  join township t on t.id = p.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join grid_node g on g.township_id = p.township_id and g.parent_id = p.grid_node_id
                  and g.kind = 'work_area'
  left join app_user u on u.username = t.slug || '.committee'
 where p.parent_id is null and p.title = '排查全部企业隐患'
   and not exists (select 1 from task y where y.parent_id = p.id and y.title = g.name || '企业隐患排查')
 order by p.id, g.position;

-- One sub-sub-task per village, assigned to the safety office: the target is
-- the village's enterprises (a plausible number where none are registered).
insert into task (township_id, campaign_id, parent_id, title, description, grid_node_id,
                  assignee_user_id, unit, target, progress, deadline, state)
select p.township_id, p.campaign_id, p.id, g.name || '企业隐患排查',
       '逐家检查' || g.name || '企业，填写安全生产大检查登记表并张贴公示。', g.id, u.id, '家',
       n.target,
       case s.state when 'done' then n.target when 'in_progress' then greatest(n.target / 2, 1) else 0 end,
       app.today() + s.days, s.state
  from task p
  join task r on r.id = p.parent_id and r.parent_id is null and r.title = '排查全部企业隐患'
  join campaign x on x.id = p.campaign_id and x.parent_id is not null
                 and x.name = (select name from seed_campaign)
  join township t on t.id = p.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join grid_node g on g.township_id = p.township_id and g.parent_id = p.grid_node_id
                  and g.kind = 'village'
  join (values ('东村', 5, 'done', -5), ('西村', 4, 'in_progress', 10), ('南村', 6, 'open', -3),
               ('北村', 3, 'done', -8), ('前村', 5, 'in_progress', -2), ('后村', 4, 'open', 15),
               ('上庄', 4, 'in_progress', 12), ('中庄', 5, 'open', -7), ('下庄', 3, 'done', -1))
       as s (village, default_target, state, days) on s.village = g.name
  cross join lateral (
    select coalesce(nullif((select count(*) from enterprise e
                             where e.township_id = g.township_id and e.grid_node_id = g.id), 0),
                    s.default_target)::int as target) n
  left join app_user u on u.username = t.slug || '.safety'
 where not exists (select 1 from task y where y.parent_id = p.id and y.title = g.name || '企业隐患排查')
 order by p.id, g.position;

-- A split task's target is what its parts add up to: the work areas', then the township's.
update task p set target = s.total
  from (select y.parent_id, sum(y.target)::int as total
          from task y
          join task p2 on p2.id = y.parent_id and p2.title like '%企业隐患排查'
         group by y.parent_id) s,
       campaign x
 where s.parent_id = p.id and x.id = p.campaign_id and x.parent_id is not null
   and x.name = (select name from seed_campaign) and p.target <> s.total;

update task p set target = s.total
  from (select y.parent_id, sum(y.target)::int as total from task y group by y.parent_id) s,
       campaign x
 where s.parent_id = p.id and p.parent_id is null and p.title = '排查全部企业隐患'
   and x.id = p.campaign_id and x.parent_id is not null
   and x.name = (select name from seed_campaign) and p.target <> s.total;
