-- The demo enterprises: forty in each demo township across the twelve
-- sectors, on the villages of 20_grid.sql (no grid node if a village is not
-- there), with valid and distinct credit codes, mostly operating, rated by
-- risk colour, and most with an assigned cadre (包扶干部) in the township's
-- campaign of 10_campaign.sql if it is there.  Safe to run again.

-- ---------------------------------------------------------------------------
-- The register
-- ---------------------------------------------------------------------------

-- Codes: kind (91 company, 92 individual business, 12 public institution,
-- 52 private non-profit, 93 farmers' cooperative), 371326 (平邑县), "MA",
-- the township's digit, the enterprise's number, and the GB 32100 check
-- character over those seventeen.
with town (slug, digit) as (values ('difang', '1'), ('bailin', '2'), ('zhongcun', '3')),
plan (n, kind, name, sector, village, status, risk, legal, contact) as (values
  (1,  '91', '平邑县{镇}宏达石膏有限公司',     'non_coal_mine',       '东村', 'operating',  'red',    '王宏达', '李卫东'),
  (2,  '91', '平邑县{镇}鑫源石膏矿',           'non_coal_mine',       '西村', 'suspended',  'red',    '张鑫',   '赵立平'),
  (3,  '91', '平邑县{镇}石料厂',               'non_coal_mine',       '南村', 'operating',  'orange', '刘石磊', '孙强'),
  (4,  '91', '平邑县{镇}北山采石场',           'non_coal_mine',       '北村', 'closed',     'orange', '陈北山', '周建'),
  (5,  '91', '山东{镇}新型建材有限公司',       'industry',            '前村', 'operating',  'orange', '吴建国', '郑海'),
  (6,  '91', '平邑县{镇}石膏板厂',             'industry',            '后村', 'operating',  'yellow', '冯国庆', '褚明'),
  (7,  '91', '平邑县{镇}机械配件厂',           'industry',            '上庄', 'operating',  'yellow', '蒋志刚', '沈涛'),
  (8,  '91', '平邑县{镇}木业有限公司',         'industry',            '中庄', 'operating',  'orange', '韩林',   '杨帆'),
  (9,  '91', '平邑县{镇}罐头食品有限公司',     'food',                '下庄', 'operating',  'yellow', '朱宝山', '秦月'),
  (10, '91', '平邑县{镇}金银花茶加工厂',       'industry',            '东村', 'operating',  'blue',   '尤金花', '许亮'),
  (11, '92', '{镇}东村农家饭庄',               'food',                '东村', 'operating',  'blue',   '何大勇', '何大勇'),
  (12, '91', '平邑县{镇}面粉厂',               'food',                '西村', 'operating',  'yellow', '吕麦丰', '施文'),
  (13, '92', '{镇}西村烧饼铺',                 'food',                '西村', 'unlicensed', 'yellow', '张来福', '张来福'),
  (14, '91', '平邑县{镇}精细化工有限公司',     'hazardous_chemicals', '南村', 'operating',  'red',    '孔化成', '曹磊'),
  (15, '91', '平邑县{镇}液化气站',             'town_gas',            '北村', 'operating',  'red',    '严气旺', '华东'),
  (16, '91', '中国石化平邑{镇}加油站',         'hazardous_chemicals', '前村', 'operating',  'orange', '金石油', '魏强'),
  (17, '92', '{镇}烟花爆竹零售点',             'special_equipment',   '后村', 'operating',  'orange', '陶红',   '陶红'),
  (18, '91', '平邑县{镇}供热站',               'special_equipment',   '上庄', 'operating',  'yellow', '姜暖',   '戚军'),
  (19, '91', '平邑县{镇}起重设备租赁站',       'special_equipment',   '中庄', 'operating',  null,     '谢起',   '邹平'),
  (20, '12', '平邑县{镇}中心小学',             'culture_education',   '中庄', 'operating',  'yellow', '喻文',   '柏树人'),
  (21, '12', '平邑县{镇}初级中学',             'culture_education',   '下庄', 'operating',  'yellow', '水志远', '窦明'),
  (22, '52', '平邑县{镇}阳光幼儿园',           'culture_education',   '东村', 'operating',  'orange', '章阳',   '云霞'),
  (23, '92', '{镇}星空网吧',                   'culture_education',   '西村', 'suspended',  'yellow', '苏星',   '苏星'),
  (24, '91', '平邑县{镇}商贸城',               'fire',                '南村', 'operating',  'orange', '潘商',   '葛明'),
  (25, '91', '平邑县{镇}宾馆',                 'fire',                '北村', 'operating',  'yellow', '奚宾',   '范丽'),
  (26, '92', '{镇}前村便民超市',               'fire',                '前村', 'operating',  'blue',   '彭超',   '彭超'),
  (27, '12', '平邑县{镇}敬老院',               'fire',                '后村', 'operating',  'orange', '郎敬',   '鲁秀英'),
  (28, '91', '平邑县{镇}汽车客运站',           'road_traffic',        '上庄', 'operating',  'orange', '韦运',   '昌平'),
  (29, '91', '平邑县{镇}货运物流有限公司',     'road_traffic',        '中庄', 'operating',  'yellow', '马货通', '苗青'),
  (30, '91', '平邑县{镇}驾驶员培训学校',       'road_traffic',        '下庄', 'closed',     'blue',   '凤驾',   '花明'),
  (31, '91', '平邑县{镇}建筑工程有限公司',     'construction',        '东村', 'operating',  'orange', '方建',   '俞工'),
  (32, '91', '平邑县{镇}安置小区建筑工地',     'construction',        '西村', 'operating',  'red',    '任安居', '袁刚'),
  (33, '91', '平邑县{镇}商品混凝土有限公司',   'construction',        '南村', 'operating',  'yellow', '柳砼',   '酆强'),
  (34, '12', '平邑县{镇}国有林场',             'forest_fire',         '北村', 'operating',  'orange', '鲍林',   '史护林'),
  (35, '93', '平邑县{镇}蒙山林果专业合作社',   'forest_fire',         '前村', 'operating',  null,     '唐果',   '费农'),
  (36, '91', '平邑县{镇}九间棚风景区',         'tourism',             '后村', 'operating',  'yellow', '廉景',   '岑游'),
  (37, '92', '{镇}上庄农家乐',                 'tourism',             '上庄', 'operating',  'blue',   '薛乐',   '薛乐'),
  (38, '91', '平邑县{镇}温泉度假村',           'tourism',             '中庄', 'suspended',  'yellow', '雷泉',   '贺温'),
  (39, '91', '平邑县{镇}燃气有限公司',         'town_gas',            '下庄', 'operating',  'orange', '倪燃',   '汤气'),
  (40, '92', '{镇}下庄饭店',                   'town_gas',            '下庄', 'unlicensed', null,     '滕餐',   '滕餐')
),
code (slug, n, first17) as (
  select t.slug, p.n, p.kind || '371326' || 'MA' || t.digit || lpad(p.n::text, 6, '0')
    from town t cross join plan p
),
checked (slug, n, credit_code) as (
  select c.slug, c.n,
         c.first17 || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                             (31 - (select sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY',
                                                       substr(c.first17, i, 1)) - 1)
                                               * (array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
                                                        13, 8, 24, 10, 30, 28])[i])
                                      from generate_series(1, 17) i)::int % 31) % 31 + 1, 1)
    from code c
)
insert into enterprise (township_id, credit_code, name, sector_id, grid_node_id, address,
                        legal_representative, contact_name, contact_phone, status, risk_level)
select t.id, k.credit_code, replace(p.name, '{镇}', replace(t.name, '镇', '')), s.id, g.id,
       '平邑县' || t.name || p.village || (p.n * 7 % 90 + 1) || '号', p.legal, p.contact,
       '1390539' || tw.digit || lpad(p.n::text, 3, '0'), p.status, p.risk
  from checked k
  join town tw on tw.slug = k.slug
  join plan p on p.n = k.n
  join township t on t.slug = k.slug
  join county c on c.id = t.county_id and c.code = '371326'
  join sector s on s.county_id = t.county_id and s.code = p.sector
  left join grid_node g on g.township_id = t.id and g.level = 3 and g.name = p.village
 order by t.id, p.n
on conflict (township_id, credit_code) do nothing;

-- The enterprise of <town>.ent1 (00_county.sql) lies in 东村.
update enterprise e set grid_node_id = g.id
  from app_user u, grid_node g
 where u.username in ('difang.ent1', 'bailin.ent1', 'zhongcun.ent1')
   and e.id = u.enterprise_id and e.grid_node_id is null
   and g.township_id = e.township_id and g.level = 3 and g.name = '东村';

-- ---------------------------------------------------------------------------
-- Assigned cadres in the township campaign
-- ---------------------------------------------------------------------------

-- The safety office looks after mines, industry, chemicals and special
-- equipment, the committee after the rest; one enterprise in seven has no
-- cadre yet, and every tenth changed cadre on 20 January (an ended
-- assignment before the active one).  Days of the campaign's year, but none
-- after the day the campaign was seeded.
with cadre as (
  select e.township_id, e.id as enterprise_id, x.id as campaign_id, t.slug, x.starts_on,
         (x.created_at at time zone 'Asia/Shanghai')::date as seeded_on,
         case when s.code in ('non_coal_mine', 'industry', 'hazardous_chemicals', 'special_equipment')
              then 'safety' else 'committee' end as office,
         row_number() over (partition by e.township_id order by e.id) as n
    from enterprise e
    join township t on t.id = e.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
    join sector s on s.id = e.sector_id
    join campaign x on x.township_id = t.id and x.name = (select name from seed_campaign)
                   and x.status <> 'closed'
)
insert into enterprise_assignment (township_id, enterprise_id, campaign_id, user_id, starts_on,
                                   ends_on, note)
select a.township_id, a.enterprise_id, a.campaign_id, u.id, p.starts_on, p.ends_on, p.note
  from cadre a
  cross join lateral (values
    (a.n % 10 = 3, case when a.office = 'safety' then 'committee' else 'safety' end,
     least(a.starts_on + 4, a.seeded_on), least(a.starts_on + 19, a.seeded_on),
     '工作调整，改由' || case when a.office = 'safety' then '安监办' else '指挥部' end || '包扶'),
    (a.n % 7 <> 0, a.office,
     least(a.starts_on + case when a.n % 10 = 3 then 19 else 4 end, a.seeded_on), null, null))
    as p (wanted, office, starts_on, ends_on, note)
  join app_user u on u.username = a.slug || '.' || p.office
 where p.wanted
   and not exists (select 1 from enterprise_assignment x
                    where x.enterprise_id = a.enterprise_id and x.campaign_id = a.campaign_id)
 order by a.enterprise_id, p.starts_on;
