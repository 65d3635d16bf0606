-- Checklist templates and inspections beyond 0007's tables: the county's
-- default template (安全生产大检查登记表, 5 categories and 43 items) for every
-- county, old and new; published templates frozen as a whole; what an
-- inspector records with a hazard result; photos named by their item.

-- ---------------------------------------------------------------------------
-- The default template: one source for this migration and for new counties
-- ---------------------------------------------------------------------------
-- Written as a township inspector asks on site.  sector_codes are the codes
-- of sector_default (empty: every sector).  major_criterion marks the items
-- whose failure is a major accident hazard (重大事故隐患) under the national
-- criteria of the trade: 非煤矿山、工贸、危险化学品、烟花爆竹、房屋市政工程
-- and GB 35181 for fire (重大火灾隐患).

create table checklist_default_category (
  position integer primary key,
  name     text not null unique
);
insert into checklist_default_category (position, name) values
  (1, '责任与制度'),
  (2, '人员、培训与持证'),
  (3, '设备设施与作业现场'),
  (4, '消防安全与应急'),
  (5, '危险物品与特种作业');

create table checklist_default_item (
  position          integer primary key,
  category_position integer not null references checklist_default_category,
  code              text not null unique,
  text              text not null,
  sector_codes      text[] not null default '{}',
  default_severity  text not null default 'general',
  major_criterion   boolean not null default false
);
insert into checklist_default_item (position, category_position, code, text, sector_codes,
                                    default_severity, major_criterion) values
  -- 责任与制度
  (1, 1, 'A01', '是否建立并落实全员安全生产责任制，主要负责人、安全管理人员职责是否明确',
   '{}', 'general', false),
  (2, 1, 'A02', '是否按规定设置安全生产管理机构或配备专（兼）职安全管理人员',
   '{}', 'general', false),
  (3, 1, 'A03', '是否制定安全生产规章制度和岗位安全操作规程，并在岗位醒目位置张贴',
   '{}', 'general', false),
  (4, 1, 'A04', '营业执照等证照是否齐全有效，实际经营范围、地址与证照是否一致',
   '{}', 'general', false),
  (5, 1, 'A05', '矿山、危险化学品、烟花爆竹、燃气经营是否取得安全生产（经营）许可证且在有效期内，有无无证或超许可范围非法生产经营',
   '{non_coal_mine,hazardous_chemicals,special_equipment,town_gas}', 'major', true),
  (6, 1, 'A06', '是否按规定提取和使用安全生产费用，费用使用台账是否完整',
   '{non_coal_mine,industry,hazardous_chemicals,special_equipment,construction,road_traffic,town_gas}',
   'general', false),
  (7, 1, 'A07', '是否建立隐患排查治理制度，定期开展自查自改，隐患台账是否如实记录并整改闭环',
   '{}', 'general', false),
  (8, 1, 'A08', '对外包、出租的项目和场所，是否签订安全生产管理协议，明确双方安全职责',
   '{non_coal_mine,industry,hazardous_chemicals,construction,tourism,town_gas}', 'general', false),
  -- 人员、培训与持证
  (9, 2, 'B01', '主要负责人、安全生产管理人员是否经安全培训考核合格，高危行业是否持有安全生产知识和管理能力考核合格证',
   '{}', 'general', false),
  (10, 2, 'B02', '从业人员是否经三级安全教育培训合格后上岗，新进、转岗人员培训记录和培训档案是否齐全',
   '{}', 'general', false),
  (11, 2, 'B03', '特种作业人员（电工、焊工、高处作业等）是否持证上岗，证件是否在有效期内',
   '{non_coal_mine,industry,fire,hazardous_chemicals,special_equipment,construction,tourism,town_gas}',
   'general', false),
  (12, 2, 'B04', '特种设备作业人员（叉车、起重机械、锅炉、压力容器、电梯等）是否持证上岗',
   '{non_coal_mine,industry,hazardous_chemicals,special_equipment,construction,tourism,town_gas}',
   'general', false),
  (13, 2, 'B05', '是否为从业人员配备符合国家标准的劳动防护用品，现场人员是否正确佩戴使用',
   '{non_coal_mine,industry,food,hazardous_chemicals,special_equipment,construction,forest_fire,town_gas}',
   'general', false),
  (14, 2, 'B06', '食品生产经营人员是否持有效健康证明上岗，食堂、后厨人员是否经食品安全培训',
   '{food,culture_education,tourism}', 'general', false),
  (15, 2, 'B07', '客货运输车辆、校车驾驶人是否具备相应从业资格，有无未处理的超速、疲劳驾驶等违法记录',
   '{road_traffic,culture_education,tourism}', 'general', false),
  -- 设备设施与作业现场
  (16, 3, 'C01', '生产设备设施是否建立台账并定期维护保养、检测检修，有无使用国家明令淘汰的设备和工艺',
   '{non_coal_mine,industry,food,hazardous_chemicals,special_equipment,construction,tourism,town_gas}',
   'general', false),
  (17, 3, 'C02', '机械设备传动部位（皮带、齿轮、联轴器、转轴等）防护罩、防护栏是否齐全完好',
   '{non_coal_mine,industry,food,construction}', 'general', false),
  (18, 3, 'C03', '电气线路是否规范敷设，有无私拉乱接、老化破损；配电箱（柜）是否设置漏电保护并上锁管理',
   '{}', 'general', false),
  (19, 3, 'C04', '锅炉、压力容器、起重机械、叉车、电梯、大型游乐设施等特种设备是否办理使用登记并按期检验，有无超期未检仍在使用',
   '{}', 'major', true),
  (20, 3, 'C05', '安全阀、压力表、限位器、紧急停止按钮等安全附件和安全保护装置是否齐全、灵敏、有效',
   '{industry,hazardous_chemicals,special_equipment,construction,tourism,town_gas}', 'general', false),
  (21, 3, 'C06', '作业现场是否整洁有序，物料堆放是否稳固，危险部位和设备设施是否设置明显的安全警示标志',
   '{}', 'general', false),
  (22, 3, 'C07', '高处作业、临边洞口是否设置防护栏杆和安全网，脚手架搭设是否符合规范并经验收挂牌',
   '{non_coal_mine,industry,construction}', 'general', false),
  (23, 3, 'C08', '有限空间是否辨识并设置警示标志，作业是否经审批，是否执行“先通风、再检测、后作业”并安排专人监护',
   '{industry,food,hazardous_chemicals,construction,town_gas}', 'major', true),
  (24, 3, 'C09', '粉尘涉爆场所是否按规范设置除尘系统并定期清扫积尘，有无使用非防爆电气设备',
   '{industry,food}', 'major', true),
  (25, 3, 'C10', '矿山是否按设计分台阶开采，露天边坡有无“一面墙”“伞檐”，地下采空区是否按规定监测治理',
   '{non_coal_mine}', 'major', true),
  (26, 3, 'C11', '深基坑、高大模板支撑、起重机械安装拆卸等危大工程是否编制专项施工方案，是否按方案施工并组织验收',
   '{construction}', 'major', true),
  (27, 3, 'C12', '营运车辆是否按期检验、安装使用卫星定位装置，有无非法改装、超员超载',
   '{road_traffic,culture_education,tourism}', 'general', false),
  -- 消防安全与应急
  (28, 4, 'D01', '是否按规定配置灭火器、消火栓等消防设施器材，是否定期检查维护并保持完好有效',
   '{}', 'general', false),
  (29, 4, 'D02', '消防通道、安全出口是否畅通，有无占用、堵塞、封闭',
   '{}', 'general', false),
  (30, 4, 'D03', '人员密集场所的安全出口、疏散楼梯是否被锁闭、封堵，疏散通道有无严重堵塞或安全出口数量不足',
   '{industry,fire,food,culture_education,tourism}', 'major', true),
  (31, 4, 'D04', '应急照明、疏散指示标志是否按规范设置并保持完好有效',
   '{}', 'general', false),
  (32, 4, 'D05', '生产、储存、经营场所与员工宿舍是否设在同一建筑物内（“三合一”），有无违规住人',
   '{industry,fire,food,special_equipment,tourism}', 'major', true),
  (33, 4, 'D06', '有无使用易燃可燃材料装修或违规搭建彩钢板房，电动自行车是否在室内、楼道违规停放充电',
   '{industry,fire,food,culture_education,construction,tourism}', 'general', false),
  (34, 4, 'D07', '是否制定生产安全事故应急预案并按规定备案，每年至少组织一次应急演练并留有记录',
   '{}', 'general', false),
  (35, 4, 'D08', '是否配备必要的应急救援器材和物资并保持可用，是否建立微型消防站或义务消防队',
   '{non_coal_mine,industry,fire,hazardous_chemicals,culture_education,forest_fire,tourism,town_gas}',
   'general', false),
  (36, 4, 'D09', '林区、景区是否落实野外火源管控，防火隔离带、瞭望和巡护是否到位',
   '{forest_fire,tourism}', 'general', false),
  -- 危险物品与特种作业
  (37, 5, 'E01', '危险化学品是否专库专人管理，出入库台账是否完整',
   '{industry,hazardous_chemicals,culture_education}', 'general', false),
  (38, 5, 'E02', '危险化学品储存是否超过设计储量，禁忌物料有无混存，有无在人员密集场所违规储存',
   '{industry,hazardous_chemicals,special_equipment,town_gas}', 'major', true),
  (39, 5, 'E03', '重大危险源是否辨识、登记建档并定期检测评估，是否报应急管理部门备案',
   '{hazardous_chemicals,town_gas}', 'major', true),
  (40, 5, 'E04', '重大危险源是否配备温度、压力、液位、可燃有毒气体泄漏报警等监测监控设施并保持正常运行',
   '{hazardous_chemicals,town_gas}', 'major', true),
  (41, 5, 'E05', '动火、临时用电、吊装、盲板抽堵等危险作业是否办理作业票证，是否落实现场监护和防护措施',
   '{non_coal_mine,industry,hazardous_chemicals,special_equipment,construction,town_gas}', 'general', false),
  (42, 5, 'E06', '民用爆炸物品、烟花爆竹是否按规定储存、领用和清退，有无超量储存或非法销售',
   '{non_coal_mine,special_equipment}', 'major', true),
  (43, 5, 'E07', '使用燃气的场所是否安装可燃气体报警装置，燃气管道、软管有无老化破损，有无使用不合格或超期未检气瓶',
   '{food,culture_education,tourism,town_gas}', 'general', false);

-- Give a county its default template, published, unless it has one already.
-- Categories and items go in while the template is a draft (published
-- ones are frozen), then it is published.
create function app.checklist_seed_default(p_county_id bigint) returns void
  language plpgsql set search_path = public, pg_catalog
  as $$
declare
  template_id bigint;
begin
  if exists (select 1 from checklist c where c.county_id = p_county_id and c.code = 'township-registration') then
    return;
  end if;
  insert into checklist (county_id, code, version, name)
    values (p_county_id, 'township-registration', 1, '安全生产大检查登记表')
    returning id into template_id;
  insert into checklist_category (checklist_id, position, name)
    select template_id, d.position, d.name from checklist_default_category d;
  insert into checklist_item (checklist_id, category_id, code, position, text, sector_codes,
                              default_severity, major_criterion)
    select template_id, g.id, d.code, d.position, d.text, d.sector_codes, d.default_severity,
           d.major_criterion
      from checklist_default_item d
      join checklist_category g on g.checklist_id = template_id and g.position = d.category_position;
  update checklist set status = 'published', published_at = now() where id = template_id;
end
$$;

-- A new county starts with the default template (as app.county_sectors
-- gives it the default sectors).
create function app.county_checklist() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  perform app.checklist_seed_default(new.id);
  return new;
end
$$;
create trigger county_checklist after insert on county
  for each row execute function app.county_checklist();

-- ---------------------------------------------------------------------------
-- Templates: versions and their states
-- ---------------------------------------------------------------------------
-- draft --publish--> published --(a newer version is published)--> retired.
-- A published or retired template changes no more (0007 freezes its
-- categories and items; this freezes the template row itself), so every
-- inspection keeps meaning what it meant.

create function app.checklist_state_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if old.status = 'draft' and new.status in ('draft', 'published') then
    return new;
  end if;
  if old.status = 'published' and new.status = 'retired'
     and (new.county_id, new.code, new.version, new.name) = (old.county_id, old.code, old.version, old.name) then
    return new;
  end if;
  raise exception 'a published checklist never changes; make a new version' using errcode = 'SG409';
end
$$;
create trigger checklist_state before update on checklist
  for each row execute function app.checklist_state_guard();

-- A county's templates go with the county (which only a person at the
-- database removes, a test's county say), as they came with it.
alter table checklist drop constraint checklist_county_id_fkey,
  add constraint checklist_county_id_fkey foreign key (county_id) references county on delete cascade;

-- One published version of a template at a time: the one new inspections use.
create unique index checklist_one_published on checklist (county_id, code) where status = 'published';

select app.checklist_seed_default(id) from county order by id;

-- ---------------------------------------------------------------------------
-- Inspection results: what a hazard result carries to its hazard
-- ---------------------------------------------------------------------------
-- The inspector's proposed measure and rectification (on the spot, or by a
-- deadline); submitting opens the hazard with them.

alter table inspection_result
  add column measure text check (length(measure) <= 2000),
  add column mode text check (mode in ('immediate', 'deadline')),
  add column deadline date,
  add constraint inspection_result_hazard_fields_check
    check (result = 'hazard' or (measure is null and mode is null and deadline is null));

-- ---------------------------------------------------------------------------
-- Photos of an inspection result
-- ---------------------------------------------------------------------------
-- attachment_store() files a photo under its inspection; the uploader then
-- names the item it shows, in the same transaction.  Nothing else of an
-- attachment changes.

grant update (item_id) on attachment to safegrid_app;
create policy attachment_update_item_app on attachment for update to safegrid_app
  using (township_id = (select app.township_id()) and uploaded_by = (select app.user_id())
         and entity_type = 'inspection')
  with check (township_id = (select app.township_id()) and uploaded_by = (select app.user_id())
              and entity_type = 'inspection');
create trigger attachment_item_audit after update on attachment
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------
-- Templates as the API shows them
-- ---------------------------------------------------------------------------
-- One shape for a template's items wherever they appear (the template, an
-- inspection of it): p_item_extra adds to each item the members keyed by
-- its id (an inspection's results).

create function app.checklist_item_json(i checklist_item) returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  select jsonb_build_object(
    'id', i.id, 'code', i.code, 'position', i.position, 'text', i.text,
    'sector_codes', to_jsonb(i.sector_codes),
    'sector_ids', coalesce((select jsonb_agg(s.id order by s.position, s.id)
                              from checklist c join sector s on s.county_id = c.county_id
                             where c.id = i.checklist_id and s.code = any (i.sector_codes)), '[]'),
    'default_severity', i.default_severity, 'major_criterion', i.major_criterion)
$$;

create function app.checklist_tree(p_checklist_id bigint, p_item_extra jsonb default '{}')
  returns jsonb
  language sql stable set search_path = public, pg_catalog
  as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', g.id, 'position', g.position, 'name', g.name,
           'items', (select coalesce(jsonb_agg(app.checklist_item_json(i)
                                               || coalesce(p_item_extra -> i.id::text, '{}')
                                               order by i.position), '[]')
                       from checklist_item i
                      where i.checklist_id = g.checklist_id and i.category_id = g.id))
         order by g.position), '[]')
    from checklist_category g where g.checklist_id = p_checklist_id
$$;
grant execute on function app.checklist_item_json(checklist_item), app.checklist_tree(bigint, jsonb)
  to safegrid_app;

-- ---------------------------------------------------------------------------
-- Submitting an inspection: one hazard per hazard result
-- ---------------------------------------------------------------------------
-- Opens the hazards of submitted inspection p_inspection_id, each with its
-- "report" event by p_actor_id at p_at.  Each hazard takes the item's
-- default severity: a major one is rectified as major within 30 days of
-- the inspection, another by the inspector's mode (by a deadline unless
-- said otherwise) within 15 days unless the inspector set the deadline;
-- its description is the item's text and the note.  The
-- API (fcgi/inspection.c) and the demo seed both open hazards this way; a
-- hazard the inspection's item has already is not opened again.  The events
-- go in by a statement of their own, which sees the new hazards (row-level
-- security lets an event in only for a hazard it can see).

create function app.inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint,
                                            p_at timestamptz default now())
  returns void
  language sql volatile set search_path = public, pg_catalog
  as $$
  insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source,
                      inspection_id, item_id, description, severity, mode, measure, deadline,
                      created_by, created_at, updated_at)
  select i.township_id, i.enterprise_id, e.grid_node_id, e.sector_id, i.campaign_id, 'inspection',
         i.id, x.id, left(x.text || coalesce('：' || r.note, ''), 2000), x.default_severity,
         case when x.default_severity = 'major' then 'major' else coalesce(r.mode, 'deadline') end,
         r.measure,
         coalesce(r.deadline, i.inspected_on + case when x.default_severity = 'major' then 30 else 15 end),
         p_actor_id, p_at, p_at
    from inspection i
    join inspection_result r on r.township_id = i.township_id and r.inspection_id = i.id
                            and r.result = 'hazard'
    join checklist_item x on x.id = r.item_id
    join enterprise e on e.township_id = i.township_id and e.id = i.enterprise_id
   where i.id = p_inspection_id and i.status = 'submitted'
   order by x.position
  on conflict (inspection_id, item_id) do nothing;

  insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, at)
  select h.township_id, h.id, 'report', null, 'reported', p_actor_id, p_at
    from hazard h
   where h.inspection_id = p_inspection_id
     and not exists (select 1 from hazard_event v where v.township_id = h.township_id
                        and v.hazard_id = h.id and v.action = 'report')
   order by h.id;
$$;
grant execute on function app.inspection_open_hazards(bigint, bigint, timestamptz) to safegrid_app;
