-- The demo grid (三级网格) of each demo township: the township as the root,
-- three work areas and the safety office (镇安监办) below it, three villages
-- under each work area.  The committee answers for the root and the work
-- areas, the safety office for itself and the villages.  Other seed files
-- find these nodes by name.  Safe to run again.

insert into grid_node (township_id, parent_id, level, kind, name, responsible_user_id, position)
select t.id, null, 1, 'township', t.name, u.id, 0
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  left join app_user u on u.username = t.slug || '.committee'
 where t.slug in ('difang', 'bailin', 'zhongcun')
 order by t.id
on conflict do nothing;

insert into grid_node (township_id, parent_id, level, kind, name, responsible_user_id, position)
select r.township_id, r.id, 2, a.kind, a.name, u.id, a.position
  from grid_node r
  join township t on t.id = r.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join county c on c.id = t.county_id and c.code = '371326'
  cross join (values ('第一工作区', 'work_area', 1, 'committee'),
                     ('第二工作区', 'work_area', 2, 'committee'),
                     ('第三工作区', 'work_area', 3, 'committee'),
                     ('镇安监办', 'department', 4, 'safety')) as a (name, kind, position, who)
  left join app_user u on u.username = t.slug || '.' || a.who
 where r.level = 1
 order by r.id, a.position
on conflict do nothing;

insert into grid_node (township_id, parent_id, level, kind, name, responsible_user_id, position)
select w.township_id, w.id, 3, 'village', v.name, u.id, v.position
  from grid_node w
  join township t on t.id = w.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join county c on c.id = t.county_id and c.code = '371326'
  join (values ('第一工作区', '东村', 1), ('第一工作区', '西村', 2), ('第一工作区', '南村', 3),
               ('第二工作区', '北村', 1), ('第二工作区', '前村', 2), ('第二工作区', '后村', 3),
               ('第三工作区', '上庄', 1), ('第三工作区', '中庄', 2), ('第三工作区', '下庄', 3))
       as v (area, name, position) on v.area = w.name
  left join app_user u on u.username = t.slug || '.safety'
 where w.level = 2
 order by w.id, v.position
on conflict do nothing;
