-- The demo campaign: 平邑县's <year>年安全生产攻坚行动 with all twelve default
-- sectors, carried out by a township campaign in each demo township, each
-- with the story's fourteen working groups (twelve sector groups, 督查组,
-- 组织协调组) led and staffed by the township's demo users.  The campaign
-- runs through the year the seed runs in (Asia/Shanghai), so a demo started
-- in any year has its campaign under way; run again in a later year, the
-- seed adds that year's campaign beside the earlier one.  Later seed files
-- find this year's campaign through seed_campaign.  Safe to run again.

drop table if exists pg_temp.seed_campaign;
create temporary table seed_campaign on commit drop as
select y || '年安全生产攻坚行动' as name, make_date(y, 1, 1) as starts_on, make_date(y, 12, 31) as ends_on
  from (select extract(year from app.today())::int as y) this_year;

insert into campaign (county_id, name, description, starts_on, ends_on, status)
select c.id, s.name,
       '全县安全生产攻坚行动：排查整治各行业领域安全隐患，落实企业主体责任和属地监管责任。',
       s.starts_on, s.ends_on, 'active'
  from county c, seed_campaign s
 where c.code = '371326'
   and not exists (select 1 from campaign x
                    where x.county_id = c.id and x.township_id is null and x.name = s.name);

insert into campaign (county_id, township_id, parent_id, name, description, starts_on, ends_on, status)
select p.county_id, t.id, p.id, p.name, p.description, p.starts_on, p.ends_on, 'active'
  from campaign p
  join seed_campaign s on s.name = p.name
  join county c on c.id = p.county_id and c.code = '371326'
  join township t on t.county_id = p.county_id and t.slug in ('difang', 'bailin', 'zhongcun')
 where p.township_id is null
 order by t.id
on conflict (parent_id, township_id) do nothing;

-- The county campaign and its township campaigns: every default sector.
insert into campaign_sector (campaign_id, sector_id)
select x.id, s.id
  from campaign p
  join county c on c.id = p.county_id and c.code = '371326'
  join campaign x on x.id = p.id or x.parent_id = p.id
  join sector s on s.county_id = p.county_id and s.code in (select code from sector_default)
 where p.township_id is null and p.name = (select name from seed_campaign)
on conflict do nothing;

-- The groups, as POST /campaigns/{id}/groups/from-template makes them, with
-- leaders and the departments that join each: the committee leads the
-- coordination group and the sector groups without a specialist, the
-- supervisor the supervision group, the safety office the groups of
-- non-coal mines and industry.
with plan (kind, sector_code, group_name, leader, rank, departments) as (
  select 'sector', s.code, s.name || '专项工作组',
         case when s.code in ('non_coal_mine', 'industry') then 'safety' else 'committee' end,
         s.position, d.departments
    from sector_default s
    left join (values
      ('non_coal_mine',       array['安监', '国土', '派出所', '供电所']),
      ('industry',            array['安监', '工商', '供电所']),
      ('fire',                array['派出所', '安监', '消防中队']),
      ('food',                array['食药所', '工商', '卫生院']),
      ('road_traffic',        array['交警中队', '交管站', '派出所']),
      ('hazardous_chemicals', array['安监', '派出所', '工商']),
      ('culture_education',   array['教办', '文化站', '派出所']),
      ('special_equipment',   array['安监', '工商', '派出所']),
      ('construction',        array['规划建设办', '安监', '国土']),
      ('forest_fire',         array['林业站', '派出所', '民兵连']),
      ('tourism',             array['旅游办', '文化站', '食药所']),
      ('town_gas',            array['规划建设办', '安监', '工商'])) as d (code, departments)
      on d.code = s.code
  union all select 'supervision', null, '督查组', 'supervisor', 1000, array['纪委', '督考办']
  union all select 'coordination', null, '组织协调组', 'committee', 1001, array['党政办', '安监办', '财政所']
)
insert into working_group (township_id, campaign_id, kind, sector_id, name, leader_user_id, departments)
select x.township_id, x.id, g.kind, s.id, coalesce(s.name || '专项工作组', g.group_name), u.id,
       coalesce(g.departments, '{}')
  from campaign p
  join county c on c.id = p.county_id and c.code = '371326'
  join campaign x on x.parent_id = p.id and x.status <> 'closed'
  join township t on t.id = x.township_id
  cross join plan g
  left join sector s on s.county_id = p.county_id and s.code = g.sector_code and s.retired_at is null
  left join app_user u on u.username = t.slug || '.' || g.leader
 where p.township_id is null and p.name = (select name from seed_campaign)
   and (g.kind <> 'sector' or s.id is not null)
   and not exists (select 1 from working_group w
                    where w.campaign_id = x.id
                      and (w.name = coalesce(s.name || '专项工作组', g.group_name)
                           or (g.kind = 'sector' and w.sector_id = s.id)
                           or (g.kind <> 'sector' and w.kind = g.kind)))
 order by x.id, g.rank
on conflict do nothing;

-- Members: the leader of each group, the safety office in the coordination
-- group, the supervisor in it too (it sees the whole campaign).
insert into group_member (township_id, group_id, user_id)
select w.township_id, w.id, u.id
  from working_group w
  join campaign x on x.id = w.campaign_id and x.status <> 'closed'
  join campaign p on p.id = x.parent_id and p.township_id is null
                and p.name = (select name from seed_campaign)
  join county c on c.id = p.county_id and c.code = '371326'
  join township t on t.id = w.township_id
  join app_user u on u.township_id = w.township_id
                 and (u.id = w.leader_user_id
                      or (w.kind = 'coordination'
                          and u.username in (t.slug || '.supervisor', t.slug || '.safety')))
on conflict do nothing;
