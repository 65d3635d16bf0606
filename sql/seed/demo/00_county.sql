-- The demo county: 平邑县 with three townships and a user of every role in
-- each.  Run by `safegridctl seed-demo`, which first sets seed.password_hash
-- to the Argon2id hash of SAFEGRID_DEMO_PASSWORD.  Safe to run again.

insert into county (name, code) values ('平邑县', '371326') on conflict do nothing;

insert into township (county_id, name, code, slug)
select c.id, t.name, t.code, t.slug
  from county c,
       (values ('地方镇', '371326104000', 'difang'),
               ('柏林镇', '371326106000', 'bailin'),
               ('仲村镇', '371326105000', 'zhongcun')) as t (name, code, slug)
 where c.code = '371326'
on conflict do nothing;

-- One enterprise a township for its enterprise user; the campaign data adds the rest.
insert into enterprise (township_id, name, credit_code, sector_id, address, legal_representative,
                        contact_name, contact_phone, risk_level)
select t.id, e.name, e.code, s.id, e.address, e.legal, e.contact, e.phone, e.risk
  from township t
  join (values ('difang', '平邑县玉容石膏有限公司', '913713267060000A18', 'non_coal_mine',
                '地方镇玉容村', '王建国', '李安全', '13905391001', 'red'),
               ('bailin', '平邑县柏林建材有限公司', '913713267060000A2B', 'industry',
                '柏林镇柏林村', '张志强', '赵明', '13905392001', 'orange'),
               ('zhongcun', '平邑县仲村食品有限公司', '913713267060000A3E', 'food',
                '仲村镇仲村', '刘红', '陈静', '13905393001', 'yellow'))
       as e (slug, name, code, sector, address, legal, contact, phone, risk) on e.slug = t.slug
  join sector s on s.county_id = t.county_id and s.code = e.sector
on conflict (township_id, credit_code) do nothing;

insert into app_user (county_id, township_id, username, display_name, phone, role, password_hash)
select c.id, null, 'admin', '县安委办管理员', '0539-4211000', 'county_admin',
       current_setting('seed.password_hash')
  from county c where c.code = '371326'
on conflict (username) do nothing;

-- Only the three demo townships: a county that also holds townships made with
-- `safegridctl create-township` keeps them as they are (one without an enterprise
-- could not have an enterprise user).
insert into app_user (county_id, township_id, username, display_name, phone, role,
                      enterprise_id, password_hash)
select t.county_id, t.id, t.slug || '.' || u.suffix, t.name || u.title, u.phone, u.role,
       case when u.role = 'enterprise'
            then (select min(e.id) from enterprise e where e.township_id = t.id) end,
       current_setting('seed.password_hash')
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  cross join (values ('committee',  '攻坚行动指挥部', '13805390001', 'committee'),
                     ('supervisor', '纪委督考组',     '13805390002', 'supervisor'),
                     ('safety',     '安监办',         '13805390003', 'department'),
                     ('ent1',       '企业安全员',     '13805390004', 'enterprise'))
             as u (suffix, title, phone, role)
 where t.slug in ('difang', 'bailin', 'zhongcun')
on conflict (username) do nothing;

-- The safety office works in non-coal mines and industry.
insert into user_sector (township_id, user_id, sector_id)
select u.township_id, u.id, s.id
  from app_user u
  join sector s on s.county_id = u.county_id and s.code in ('non_coal_mine', 'industry')
 where u.username in ('difang.safety', 'bailin.safety', 'zhongcun.safety')
on conflict do nothing;
