-- Public tips (举报) in the demo townships: one waiting in each township's
-- queue, and in difang one accepted (it became a hazard, reported by the
-- safety office) and one dismissed.  All about the enterprise of the
-- township's enterprise user (00_county.sql), from documentation addresses
-- (198.51.100.0/24), so they never count against a test client's limit.
-- Found again by their text: safe to run again.

insert into tip (township_id, enterprise_id, text, contact, client_addr, created_at)
select t.id, e.id, x.text, x.contact, x.addr, now() - x.age
  from township t
  join (values
    ('difang', '平邑县玉容石膏有限公司', '厂区后面的老采空区边上又在挖石膏，晚上也有车进出，担心塌方。',
     '附近村民', '198.51.100.11', interval '3 hours'),
    ('bailin', '平邑县柏林建材有限公司', '搅拌站配电箱门一直开着，电线泡在水里，工人从旁边走。',
     null, '198.51.100.12', interval '1 day'),
    ('zhongcun', '平邑县仲村食品有限公司', '车间里液化气罐放在油炸锅旁边，没有看到灭火器。',
     '138****2207', '198.51.100.13', interval '5 hours'),
    ('difang', '平邑县玉容石膏有限公司', '石膏仓库的消防通道被成品垛堵死了，消防栓前面也堆满了袋子。',
     null, '198.51.100.14', interval '6 days'),
    ('difang', '平邑县玉容石膏有限公司', '听说厂里要放炮，提前没有通知周边村民。',
     null, '198.51.100.15', interval '9 days'))
    as x (slug, enterprise, text, contact, addr, age) on x.slug = t.slug
  join enterprise e on e.township_id = t.id and e.name = x.enterprise
 where not exists (select 1 from tip y where y.township_id = t.id and y.text = x.text);

-- The accepted one: a hazard of source 'tip' with its first event.  Its
-- description is in the safety office's own words, never the
-- citizen's words nor a mention of the tip: the enterprise reads it (and
-- its users are notified with it), and must not learn that, or by whom,
-- it was reported (docs/security.md, the citizen tipster).
insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source, tip_id,
                    description, severity, mode, measure, deadline, created_by, created_at)
select p.township_id, p.enterprise_id, e.grid_node_id, e.sector_id, c.id, 'tip', p.id,
       '石膏仓库消防通道被成品垛堵塞，室内消火栓被遮挡。', 'general', 'deadline',
       '清理消防通道和消火栓前的堆放物，划定禁止堆放区并张贴标识。',
       app.today() + 10, u.id, p.created_at + interval '1 day'
  from tip p
  join township t on t.id = p.township_id and t.slug = 'difang'
  join enterprise e on e.township_id = p.township_id and e.id = p.enterprise_id
  join app_user u on u.username = 'difang.safety'
  left join campaign c on c.township_id = p.township_id and c.name = (select name from seed_campaign)
 where p.text = '石膏仓库的消防通道被成品垛堵死了，消防栓前面也堆满了袋子。'
   and not exists (select 1 from hazard h where h.township_id = p.township_id and h.tip_id = p.id);

-- A demo loaded before the hazard was worded so showed the enterprise the
-- words 「群众举报：…」 (in the hazard and in its users' notification of it).
update hazard h set description = substr(h.description, length('群众举报：') + 1)
  from tip p
 where p.township_id = h.township_id and p.id = h.tip_id and h.description like '群众举报：%';
update notification n set body = replace(n.body, '「群众举报：', '「')
  from hazard h
 where n.subject_type = 'hazard' and n.township_id = h.township_id and n.subject_id = h.id
   and h.tip_id is not null and n.body like '%「群众举报：%';

insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note, at)
select h.township_id, h.id, 'report', null, 'reported', h.created_by, '群众举报 #' || h.tip_id, h.created_at
  from hazard h
  join tip p on p.township_id = h.township_id and p.id = h.tip_id
 where p.text = '石膏仓库的消防通道被成品垛堵死了，消防栓前面也堆满了袋子。'
   and not exists (select 1 from hazard_event v where v.township_id = h.township_id
                                                and v.hazard_id = h.id and v.action = 'report');

update tip p set status = 'accepted', hazard_id = h.id, handled_by = h.created_by,
                 handled_at = h.created_at
  from hazard h
 where h.township_id = p.township_id and h.tip_id = p.id and p.status = 'pending'
   and p.text = '石膏仓库的消防通道被成品垛堵死了，消防栓前面也堆满了袋子。';

-- The dismissed one.
update tip p set status = 'dismissed', handled_by = u.id, handled_at = p.created_at + interval '4 hours',
                 reason = '经核实，企业近期无爆破作业计划，举报情况不属实。'
  from app_user u
 where u.username = 'difang.safety' and p.status = 'pending'
   and p.text = '听说厂里要放炮，提前没有通知周边村民。';
