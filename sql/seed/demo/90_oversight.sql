-- Oversight in the demo: three weeks of daily reports (日报) in every
-- township, most of them read by the committee and a few groups missing on
-- some days; in difang, supervision orders (督办单) in every state, one of
-- them under listed supervision (挂牌督办) of a major hazard, and one
-- accountability record (问责).  Found again by their text or their key:
-- safe to run again.

-- Daily reports: every working group of each township's active campaign,
-- for each of the last 21 days, but a group skips every fifth day (so the
-- not-reported list has names), listing the hazards of its sector found that
-- day.
insert into daily_report (township_id, group_id, report_date, note, hazard_ids, submitted_by, created_at)
select g.township_id, g.id, d.day,
       case when h.ids = '{}' then '今日排查未发现新隐患。'
            else '今日排查发现隐患' || cardinality(h.ids) || '处，已登记并明确整改措施和期限。' end,
       h.ids, coalesce(g.leader_user_id, c.id), d.day::timestamp at time zone 'Asia/Shanghai' + interval '18 hours'
  from working_group g
  join campaign k on k.township_id = g.township_id and k.id = g.campaign_id and k.status = 'active'
  join township t on t.id = g.township_id
  join app_user c on c.username = t.slug || '.committee'
  cross join lateral (select (app.today() - n)::date as day from generate_series(1, 21) n) d
  cross join lateral (
    select coalesce(array_agg(x.id order by x.id), '{}') as ids from hazard x
     where x.township_id = g.township_id and x.sector_id = g.sector_id
       and x.created_at >= d.day::timestamp at time zone 'Asia/Shanghai'
       and x.created_at < (d.day + 1)::timestamp at time zone 'Asia/Shanghai') h
 where (g.id + (d.day - date '2000-01-01')) % 5 <> 0
on conflict (township_id, report_date, group_id) do nothing;

insert into daily_report_read (township_id, report_date, read_by, read_at)
select t.id, (app.today() - n)::date, c.id,
       (app.today() - n + 1)::timestamp at time zone 'Asia/Shanghai' + interval '8 hours'
  from township t
  join app_user c on c.username = t.slug || '.committee'
  cross join generate_series(2, 21) n
 where t.slug in ('difang', 'bailin', 'zhongcun')
on conflict (township_id, report_date) do nothing;

-- Supervision orders in difang, one in each state, about its open hazards.
insert into supervision_order (township_id, addressee_user_id, addressee_grid_node_id, matter, action,
                               deadline, listed, issued_by, created_at)
select t.id, case when x.to_unit then null else a.id end,
       case when x.to_unit then (select min(g.id) from grid_node g where g.township_id = t.id and g.level = 2) end,
       x.matter, x.action, app.today() + x.days, x.listed, s.id, now() - make_interval(days => x.age)
  from township t
  join app_user s on s.username = 'difang.supervisor'
  join app_user a on a.username = 'difang.safety'
  cross join (values
    ('暗访发现石膏矿采空区警戒设施缺失，隐患整改进度滞后。', '三日内恢复警戒设施，书面报告整改情况。', 5, false, false, 2),
    ('重大隐患整改未落实“五落实”要求，挂牌督办。', '按五落实要求制定方案，限期完成整改并报督考组验收。', 20, true, false, 6),
    ('消防通道堵塞问题反复出现。', '清理通道并建立日常巡查制度，报送巡查记录。', 3, false, false, 8),
    ('隐患台账更新不及时，部分隐患未销号。', '逐条核对台账，七日内完成销号或说明原因。', 7, false, true, 12),
    ('逾期隐患未按期整改，督办后仍无进展。', '立即整改，逾期未完成将提请问责。', -3, false, false, 15))
    as x (matter, action, days, listed, to_unit, age)
 where t.slug = 'difang'
   and not exists (select 1 from supervision_order o where o.township_id = t.id and o.matter = x.matter);

-- Their hazards: the listed order is about a major hazard; each other one
-- about an open hazard of its own.
insert into supervision_order_hazard (township_id, order_id, hazard_id)
select o.township_id, o.id, h.id
  from supervision_order o
  join township t on t.id = o.township_id and t.slug = 'difang'
  cross join lateral (
    select x.id from hazard x
     where x.township_id = o.township_id and x.status <> 'closed'
       and (not o.listed or x.severity = 'major')
     order by x.severity = 'major' desc, x.id offset (o.id % 3) limit 1) h
 where not exists (select 1 from supervision_order_hazard l where l.township_id = o.township_id and l.order_id = o.id);

-- Each order's steps after its issue, and its state at the end of them.
with steps (matter, step, from_state, to_state, actor, note, after) as (values
  ('重大隐患整改未落实“五落实”要求，挂牌督办。', 'respond', 'issued', 'answered', 'difang.safety',
   '已制定整改方案，资金和责任人已落实。', 2),
  ('消防通道堵塞问题反复出现。', 'respond', 'issued', 'answered', 'difang.safety',
   '通道已清理，巡查制度已建立。', 1),
  ('消防通道堵塞问题反复出现。', 'reject', 'answered', 'rejected', 'difang.supervisor',
   '未附巡查记录，请补充。', 2),
  ('隐患台账更新不及时，部分隐患未销号。', 'respond', 'issued', 'answered', 'difang.committee',
   '台账已逐条核对，销号材料附后。', 3),
  ('隐患台账更新不及时，部分隐患未销号。', 'accept', 'answered', 'closed', 'difang.supervisor',
   '经核查属实，予以销号。', 5),
  ('逾期隐患未按期整改，督办后仍无进展。', 'escalate', 'issued', 'escalated', 'difang.supervisor',
   '逾期未答复，提请镇党委研究。', 14))
insert into supervision_order_event (township_id, order_id, action, from_state, to_state, actor_id, note, at)
select o.township_id, o.id, s.step, s.from_state, s.to_state, u.id, s.note, o.created_at + make_interval(days => s.after)
  from steps s
  join supervision_order o on o.matter = s.matter
  join township t on t.id = o.township_id and t.slug = 'difang'
  join app_user u on u.username = s.actor
 where not exists (select 1 from supervision_order_event e
                    where e.township_id = o.township_id and e.order_id = o.id and e.action = s.step
                      and e.to_state = s.to_state);

update supervision_order o
   set state = e.to_state,
       closed_at = case when e.to_state = 'closed' then e.at end,
       escalated_at = case when e.to_state = 'escalated' then e.at else o.escalated_at end
  from (select distinct on (order_id) township_id, order_id, to_state, at from supervision_order_event
         order by order_id, id desc) e
  join township t on t.id = e.township_id and t.slug = 'difang'
 where e.township_id = o.township_id and e.order_id = o.id and o.state is distinct from e.to_state;

-- One accountability record: a reminder talk over the escalated order.
insert into accountability (township_id, user_id, unit, kind, reason, date, created_by)
select o.township_id, a.id, '镇安监办', 'reminder_talk',
       '督办单逾期未答复、逾期隐患未按期整改，对责任人进行提醒谈话。', app.today() - 1, s.id
  from supervision_order o
  join township t on t.id = o.township_id and t.slug = 'difang'
  join app_user a on a.username = 'difang.safety'
  join app_user s on s.username = 'difang.supervisor'
 where o.matter = '逾期隐患未按期整改，督办后仍无进展。'
   and not exists (select 1 from accountability x where x.township_id = o.township_id
                                                   and x.reason like '督办单逾期未答复%');

insert into accountability_order (township_id, accountability_id, order_id)
select x.township_id, x.id, o.id
  from accountability x
  join supervision_order o on o.township_id = x.township_id and o.matter = '逾期隐患未按期整改，督办后仍无进展。'
 where x.reason like '督办单逾期未答复%'
on conflict do nothing;
