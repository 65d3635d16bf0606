-- The demo responsibility letters (责任书) and documents (文件) of each demo
-- township's campaign of the year (seed_campaign, 10_campaign.sql), on the grid of
-- 20_grid.sql: letters for most nodes, most signed, a few still waiting;
-- three documents sent to work areas, villages, groups and enterprises,
-- partly acknowledged.  Without the campaign or the grid nothing is made.
-- Days are the campaign's first days, but none after the day the campaign
-- was seeded.  Safe to run again.

-- ---------------------------------------------------------------------------
-- Responsibility letters: the county to the township, the township to its
-- work areas and office, each work area to its villages
-- ---------------------------------------------------------------------------

-- signed: the day of the campaign (1: its first), null drawn up, not signed
-- yet.  后村 and 下庄 have none at all.
with plan (node, signer, signed) as (values
  (null,         '镇党委书记 王振华',   4),
  ('第一工作区', '工作区主任 刘建军',   6),
  ('第二工作区', '工作区主任 陈卫东',   6),
  ('第三工作区', '工作区主任 杨海涛',   null),
  ('镇安监办',   '安监办主任 孙丽',     5),
  ('东村',       '村党支部书记 赵德明', 8),
  ('西村',       '村党支部书记 钱国庆', 8),
  ('南村',       '村党支部书记 周玉兰', null),
  ('北村',       '村党支部书记 吴长山', 9),
  ('前村',       '村党支部书记 郑春生', 9),
  ('上庄',       '村党支部书记 冯志刚', 10),
  ('中庄',       '村党支部书记 褚建国', null))
insert into responsibility_letter (township_id, campaign_id, grid_node_id, issuer_name,
                                   issuer_user_id, signer_name, signer_user_id, signed_on, note)
select n.township_id, x.id, n.id,
       case n.level when 1 then '平邑县安全生产委员会'
                    when 2 then t.name || '攻坚行动指挥部'
                    else parent.name || '主任' end,
       case when n.level = 2 then committee.id end,
       p.signer,
       case when n.level = 2 then n.responsible_user_id end,
       case when p.signed is not null
            then least(x.starts_on + p.signed - 1, (x.created_at at time zone 'Asia/Shanghai')::date) end,
       case when p.signed is null then '已下发，待签订' else '一式两份，双方各执一份' end
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  join campaign x on x.township_id = t.id and x.name = (select name from seed_campaign)
                 and x.status <> 'closed'
  join grid_node n on n.township_id = t.id
  join plan p on p.node = n.name or (p.node is null and n.level = 1)
  left join grid_node parent on parent.township_id = n.township_id and parent.id = n.parent_id
  left join app_user committee on committee.username = t.slug || '.committee'
 where t.slug in ('difang', 'bailin', 'zhongcun')
 order by t.id, n.level, n.position
on conflict (campaign_id, grid_node_id) do nothing;

-- ---------------------------------------------------------------------------
-- Documents, found again by their number (文号, of the campaign's year)
-- ---------------------------------------------------------------------------

-- sent: the day of the campaign and the time (Asia/Shanghai).
with plan (seq, number, title, body, sent) as (values
  (1, '{简}政发〔{年}〕1号', '{镇}安全生产攻坚行动实施方案',
   E'各工作区、镇直各部门、各专项工作组、各企业：\n'
   '现将《{镇}安全生产攻坚行动实施方案》印发给你们，请结合实际，认真贯彻落实。'
   '各单位要签订安全生产责任书，层层压实责任，对辖区企业开展拉网式排查，做到不留死角、不留盲区。',
   interval '2 days 09:00'),
  (2, '{简}安办发〔{年}〕2号', '关于开展安全生产大检查的通知',
   E'各村、各企业：\n'
   '按照攻坚行动统一部署，自即日起开展安全生产大检查，对照《安全生产大检查登记表》逐项检查，'
   '发现隐患当场登记，明确整改措施和时限，检查结果在企业门口公示。',
   interval '6 days 15:30'),
  (3, '{简}安办发〔{年}〕3号', '关于建立隐患日报告制度的通知',
   E'各专项工作组、镇安监办：\n'
   '自1月15日起，各专项工作组每日17时前报送当日新增、整改和逾期隐患情况，未报送的予以通报。',
   interval '11 days 10:00'))
insert into document (township_id, campaign_id, title, number, body, sent_by, sent_at)
select t.id, x.id, replace(p.title, '{镇}', t.name), k.number,
       replace(p.body, '{镇}', t.name), u.id,
       least((x.starts_on + p.sent) at time zone 'Asia/Shanghai', x.created_at)
  from township t
  join county c on c.id = t.county_id and c.code = '371326'
  join campaign x on x.township_id = t.id and x.name = (select name from seed_campaign)
                 and x.status <> 'closed'
  cross join plan p
  cross join lateral (select replace(replace(p.number, '{简}', left(t.name, 1)), '{年}',
                                     extract(year from x.starts_on)::text) as number) k
  left join app_user u on u.username = t.slug || '.committee'
 where t.slug in ('difang', 'bailin', 'zhongcun')
   and exists (select 1 from grid_node n where n.township_id = t.id and n.level = 2)
   and not exists (select 1 from document d
                    where d.township_id = t.id and d.number = k.number)
 order by t.id, p.seq;

-- The recipients: 1号 to the work areas and the office, every group and the
-- township's first six enterprises; 2号 to the villages and the first ten
-- enterprises; 3号 to the groups and the safety office's user.
with doc as (
  select d.id, d.township_id, d.campaign_id, t.slug, substring(d.number from '〔\d+〕(\d+)号')::int as seq
    from document d
    join township t on t.id = d.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
    join county c on c.id = t.county_id and c.code = '371326'
    join campaign x on x.id = d.campaign_id and x.name = (select name from seed_campaign)
   where d.number ~ ('^.(政|安办)发〔' || extract(year from x.starts_on) || '〕[123]号$'))
insert into document_recipient (township_id, document_id, recipient_kind, recipient_id)
select doc.township_id, doc.id, 'grid_node', n.id
  from doc join grid_node n on n.township_id = doc.township_id
 where (doc.seq = 1 and n.level = 2) or (doc.seq = 2 and n.level = 3)
union all
select doc.township_id, doc.id, 'group', g.id
  from doc join working_group g on g.township_id = doc.township_id and g.campaign_id = doc.campaign_id
 where doc.seq in (1, 3)
union all
select doc.township_id, doc.id, 'enterprise', e.id
  from doc
  cross join lateral (select e.id from enterprise e where e.township_id = doc.township_id
                       order by e.id limit case doc.seq when 1 then 6 when 2 then 10 else 0 end) e
union all
select doc.township_id, doc.id, 'user', u.id
  from doc join app_user u on u.username = doc.slug || '.safety'
 where doc.seq = 3
on conflict do nothing;

-- Acknowledged by whoever answers for the unit (an enterprise only through
-- a user of its own): 1号 by all but the third work area, 2号 by about half
-- the villages and none of the enterprises yet, 3号 by the groups that have
-- reported so far (those led by the committee).
update document_recipient r
   set acknowledged_at = least(d.sent_at + make_interval(hours => 2 + (r.recipient_id % 40)::int), now()),
       acknowledged_by = case r.recipient_kind
         when 'grid_node' then (select n.responsible_user_id from grid_node n
                                 where n.township_id = r.township_id and n.id = r.recipient_id)
         when 'group' then (select g.leader_user_id from working_group g
                             where g.township_id = r.township_id and g.id = r.recipient_id)
         when 'enterprise' then (select min(u.id) from app_user u
                                  where u.township_id = r.township_id and u.enterprise_id = r.recipient_id)
         when 'user' then r.recipient_id end
  from document d
  join township t on t.id = d.township_id and t.slug in ('difang', 'bailin', 'zhongcun')
  join county c on c.id = t.county_id and c.code = '371326'
  join campaign x on x.id = d.campaign_id and x.name = (select name from seed_campaign)
 where r.township_id = d.township_id and r.document_id = d.id and r.acknowledged_at is null
   and d.number ~ ('^.(政|安办)发〔' || extract(year from x.starts_on) || '〕[123]号$')
   and (r.recipient_kind <> 'enterprise'
        or exists (select 1 from app_user u where u.township_id = r.township_id
                                              and u.enterprise_id = r.recipient_id))
   and case substring(d.number from '〔\d+〕(\d+)号')::int
         when 1 then not (r.recipient_kind = 'grid_node'
                          and r.recipient_id = (select n.id from grid_node n where n.township_id = r.township_id
                                                  and n.level = 2 and n.name = '第三工作区'))
         when 2 then r.recipient_kind = 'grid_node' and r.recipient_id % 2 = 0
         when 3 then r.recipient_kind = 'group'
                     and exists (select 1 from working_group g join app_user u on u.id = g.leader_user_id
                                  where g.township_id = r.township_id and g.id = r.recipient_id
                                    and u.username like '%.committee')
         else false end;
