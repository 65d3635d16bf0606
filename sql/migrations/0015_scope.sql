-- 0015: who may act on and read what.
--
-- * A department acts on the hazards and inspections of its sectors
--   (user_sector) and of the enterprises it is the assigned cadre of; it
--   reads the whole township.
-- * A supervisor's unannounced inspection (暗访) is the supervision group's
--   alone until it is submitted.
-- * Supervisors' accounts are created and changed by the county admin only;
--   a committee names its users inside its township's own name space
--   ("<slug>.<name>"), so a username taken elsewhere never comes up.
-- * The role lists of the write policies are the action table's
--   (fcgi/server/permission.h), written out in app.action_role and asked
--   through app.may(); tests/api/test_scope.py fails when the two differ.
-- * The township organization's policies, made by a format() generator in
--   0003 that was dropped afterwards, are written out here one by one.

-- ---------------------------------------------------------------------------
-- The action table, as the policies ask it
-- ---------------------------------------------------------------------------
-- One row per action a write policy stands for and per role that the action
-- table of fcgi/server/permission.h allows it.  tests/api/test_scope.py
-- compares these rows with `safegridctl permissions`: change both together.

create table app.action_role (
  action text not null,
  role   text not null check (role in ('county_admin', 'committee', 'supervisor', 'department', 'enterprise')),
  primary key (action, role)
);
insert into app.action_role (action, role) values
  ('organization.manage', 'committee'),
  ('enterprise.manage', 'committee'),
  ('document.send', 'county_admin'), ('document.send', 'committee'),
  ('inspection.write', 'committee'), ('inspection.write', 'supervisor'),
  ('inspection.write', 'department'), ('inspection.write', 'enterprise'),
  ('hazard.register', 'committee'), ('hazard.register', 'department'),
  ('hazard.register', 'enterprise'),
  ('hazard.edit', 'committee'), ('hazard.edit', 'department'),
  ('hazard.extend', 'committee'), ('hazard.extend', 'department'),
  ('hazard.transition', 'committee'), ('hazard.transition', 'department'),
  ('hazard.transition', 'enterprise'),
  ('tip.handle', 'committee'), ('tip.handle', 'department');
grant select on app.action_role to safegrid_app;

-- Whether the caller's role may take action p_action (the action table).
create function app.may(p_action text) returns boolean
  language sql stable parallel safe set search_path = pg_catalog
  as $$ select exists (select 1 from app.action_role a
                        where a.action = p_action and a.role = app.role()) $$;
grant execute on function app.may(text) to safegrid_app;

-- ---------------------------------------------------------------------------
-- A department's scope
-- ---------------------------------------------------------------------------
-- Whether the caller may act on a record of sector p_sector_id at enterprise
-- p_enterprise_id of township p_township_id: everyone but a department
-- (whom the role and township checks of each policy decide), and a
-- department for the sectors it works in or the enterprises it is the
-- active assigned cadre (包扶干部) of.  Security definer: the answer must
-- not depend on what the caller happens to see of the two tables.
create function app.department_covers(p_township_id bigint, p_sector_id bigint,
                                      p_enterprise_id bigint) returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select app.role() is distinct from 'department'
      or exists (select 1 from user_sector s
                  where s.township_id = p_township_id and s.user_id = app.user_id()
                    and s.sector_id = p_sector_id)
      or exists (select 1 from enterprise_assignment a
                  where a.township_id = p_township_id and a.user_id = app.user_id()
                    and a.enterprise_id = p_enterprise_id and a.ends_on is null)
$$;
revoke execute on function app.department_covers(bigint, bigint, bigint) from public;
grant execute on function app.department_covers(bigint, bigint, bigint) to safegrid_app;

-- The same for an enterprise's own records (inspections): its sector.
create function app.department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint)
  returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select app.department_covers(p_township_id,
                               (select e.sector_id from enterprise e
                                 where e.township_id = p_township_id and e.id = p_enterprise_id),
                               p_enterprise_id)
$$;
revoke execute on function app.department_covers_enterprise(bigint, bigint) from public;
grant execute on function app.department_covers_enterprise(bigint, bigint) to safegrid_app;

-- The same for the record an attachment is uploaded to: a hazard's evidence
-- and an inspection's photos are acting on them; other records are not a
-- department's matter here.
create function app.department_covers_record(p_township_id bigint, p_entity_type text,
                                             p_entity_id bigint) returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select case p_entity_type
    when 'hazard' then coalesce((select app.department_covers(h.township_id, h.sector_id, h.enterprise_id)
                                   from hazard h
                                  where h.township_id = p_township_id and h.id = p_entity_id), true)
    when 'inspection' then coalesce((select app.department_covers_enterprise(i.township_id, i.enterprise_id)
                                       from inspection i
                                      where i.township_id = p_township_id and i.id = p_entity_id), true)
    else true end
$$;
revoke execute on function app.department_covers_record(bigint, text, bigint) from public;
grant execute on function app.department_covers_record(bigint, text, bigint) to safegrid_app;

drop policy attachment_insert_app on attachment;
create policy attachment_insert_app on attachment for insert to safegrid_app
  with check (township_id = (select app.township_id()) and uploaded_by = (select app.user_id())
              and app.department_covers_record(township_id, entity_type, entity_id));

-- ---------------------------------------------------------------------------
-- Hazards: registered by hazard.register (by an enterprise user: reported
-- by itself, self_report, for its own enterprise), opened by an
-- inspection's submission (inspection.write) or an accepted tip
-- (tip.handle); changed by hazard.edit, hazard.extend and
-- hazard.transition; a department only within its scope.  A row outside
-- the scope stays readable, and a change to it fails WITH CHECK (403).
-- ---------------------------------------------------------------------------

drop policy hazard_insert_app on hazard;
create policy hazard_insert_app on hazard for insert to safegrid_app
  with check (township_id = (select app.township_id())
              and case source
                    when 'registration' then (select app.may('hazard.register')) and (select app.role()) <> 'enterprise'
                    when 'self_report' then (select app.may('hazard.register')) and (select app.role()) = 'enterprise'
                    when 'inspection' then (select app.may('inspection.write'))
                    when 'tip' then (select app.may('tip.handle'))
                    else false end
              and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id()))
              and app.department_covers(township_id, sector_id, enterprise_id));

drop policy hazard_update_app on hazard;
create policy hazard_update_app on hazard for update to safegrid_app
  using (township_id = (select app.township_id())
         and ((select app.may('hazard.edit')) or (select app.may('hazard.extend')) or (select app.may('hazard.transition')))
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())))
  with check (township_id = (select app.township_id())
              and app.department_covers(township_id, sector_id, enterprise_id));

-- ---------------------------------------------------------------------------
-- Inspections: a department's within its scope; an unannounced one is the
-- supervision group's alone until submitted.
-- ---------------------------------------------------------------------------

drop policy inspection_select_app on inspection;
create policy inspection_select_app on inspection for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[])
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id()))
         and (kind <> 'unannounced' or status = 'submitted' or (select app.role()) = 'supervisor'));

drop policy inspection_insert_app on inspection;
create policy inspection_insert_app on inspection for insert to safegrid_app
  with check (township_id = (select app.township_id())
              and (select app.may('inspection.write'))
              and ((select app.role()) <> 'enterprise'
                   or (enterprise_id = (select app.enterprise_id()) and kind = 'self'))
              and app.department_covers_enterprise(township_id, enterprise_id));

drop policy inspection_update_app on inspection;
create policy inspection_update_app on inspection for update to safegrid_app
  using (township_id = (select app.township_id())
         and (select app.may('inspection.write'))
         and ((select app.role()) <> 'enterprise' or enterprise_id = (select app.enterprise_id())))
  with check (township_id = (select app.township_id())
              and app.department_covers_enterprise(township_id, enterprise_id));

drop policy inspection_result_write_app on inspection_result;
create policy inspection_result_write_app on inspection_result for all to safegrid_app
  using (township_id = (select app.township_id())
         and (select app.may('inspection.write'))
         and exists (select 1 from inspection i where i.township_id = inspection_result.township_id
                                                 and i.id = inspection_result.inspection_id
                                                 and app.department_covers_enterprise(i.township_id, i.enterprise_id)))
  with check (township_id = (select app.township_id())
              and (select app.may('inspection.write'))
              and exists (select 1 from inspection i where i.township_id = inspection_result.township_id
                                                      and i.id = inspection_result.inspection_id
                                                      and app.department_covers_enterprise(i.township_id, i.enterprise_id)));

-- Tips: handled by tip.handle (accepting one opens a hazard, which the
-- hazard's policy scopes).
drop policy tip_update_app on tip;
create policy tip_update_app on tip for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('tip.handle')))
  with check (township_id = (select app.township_id()));

-- ---------------------------------------------------------------------------
-- Enterprises and documents: the role lists from the action table
-- ---------------------------------------------------------------------------

drop policy enterprise_insert_app on enterprise;
create policy enterprise_insert_app on enterprise for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('enterprise.manage')));
drop policy enterprise_update_app on enterprise;
create policy enterprise_update_app on enterprise for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('enterprise.manage')))
  with check (township_id = (select app.township_id()));

-- ---------------------------------------------------------------------------
-- Users: supervisors' accounts are the county admin's; a committee's users
-- are named "<township slug>.<name>"
-- ---------------------------------------------------------------------------
-- The discipline-inspection group oversees the committee, so a committee
-- neither creates, changes, disables nor sets the password of a
-- supervisor, nor makes anyone one (separation of duties).  The county
-- admin's own rules stay the policies' (app_user_insert_app and
-- app_user_update_app).  Usernames are the county's login names; a
-- committee names its users inside its township's prefix, so it never
-- learns whether a name is taken in another township.
create function app.app_user_guard() returns trigger
  language plpgsql set search_path = public, pg_catalog
  as $$
begin
  if current_user <> 'safegrid_app' or app.role() = 'county_admin' then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.id = app.user_id() and new.role = old.role then
    return new;   -- one's own password
  end if;
  if new.role = 'supervisor' or (tg_op = 'UPDATE' and old.role = 'supervisor') then
    raise exception '督考组（supervisor）的账号只由县级管理员创建和修改' using errcode = 'SG403';
  end if;
  if tg_op = 'INSERT' and not exists (select 1 from township t
                                       where t.id = new.township_id
                                         and starts_with(new.username, t.slug || '.')) then
    raise exception '用户名须以本乡镇简称加点开头，如 %.zhangsan',
                    (select t.slug from township t where t.id = app.township_id())
      using errcode = 'SG422', column = 'username';
  end if;
  return new;
end
$$;
create trigger app_user_guard before insert or update on app_user
  for each row execute function app.app_user_guard();

-- ---------------------------------------------------------------------------
-- The township organization, written out (was app.township_org_policies()):
-- every role of the township but an enterprise reads it, organization.manage
-- writes it.
-- ---------------------------------------------------------------------------

drop policy grid_node_select_app on grid_node;
drop policy grid_node_insert_app on grid_node;
drop policy grid_node_update_app on grid_node;
drop policy grid_node_delete_app on grid_node;
create policy grid_node_select_app on grid_node for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy grid_node_insert_app on grid_node for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy grid_node_update_app on grid_node for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy grid_node_delete_app on grid_node for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

drop policy grid_node_move_select_app on grid_node_move;
drop policy grid_node_move_insert_app on grid_node_move;
drop policy grid_node_move_update_app on grid_node_move;
drop policy grid_node_move_delete_app on grid_node_move;
create policy grid_node_move_select_app on grid_node_move for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy grid_node_move_insert_app on grid_node_move for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy grid_node_move_update_app on grid_node_move for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy grid_node_move_delete_app on grid_node_move for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

drop policy working_group_select_app on working_group;
drop policy working_group_insert_app on working_group;
drop policy working_group_update_app on working_group;
drop policy working_group_delete_app on working_group;
create policy working_group_select_app on working_group for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy working_group_insert_app on working_group for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy working_group_update_app on working_group for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy working_group_delete_app on working_group for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

drop policy group_member_select_app on group_member;
drop policy group_member_insert_app on group_member;
drop policy group_member_update_app on group_member;
drop policy group_member_delete_app on group_member;
create policy group_member_select_app on group_member for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy group_member_insert_app on group_member for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy group_member_update_app on group_member for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy group_member_delete_app on group_member for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

drop policy responsibility_letter_select_app on responsibility_letter;
drop policy responsibility_letter_insert_app on responsibility_letter;
drop policy responsibility_letter_update_app on responsibility_letter;
drop policy responsibility_letter_delete_app on responsibility_letter;
create policy responsibility_letter_select_app on responsibility_letter for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy responsibility_letter_insert_app on responsibility_letter for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy responsibility_letter_update_app on responsibility_letter for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy responsibility_letter_delete_app on responsibility_letter for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

drop policy enterprise_assignment_select_app on enterprise_assignment;
drop policy enterprise_assignment_insert_app on enterprise_assignment;
drop policy enterprise_assignment_update_app on enterprise_assignment;
drop policy enterprise_assignment_delete_app on enterprise_assignment;
create policy enterprise_assignment_select_app on enterprise_assignment for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy enterprise_assignment_insert_app on enterprise_assignment for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy enterprise_assignment_update_app on enterprise_assignment for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy enterprise_assignment_delete_app on enterprise_assignment for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

-- Tasks: organization.manage writes; an assignee reports progress on its
-- own (task_update_assignee, from 0003, stays).
drop policy task_select_app on task;
drop policy task_insert_app on task;
drop policy task_update_app on task;
drop policy task_delete_app on task;
create policy task_select_app on task for select to safegrid_app
  using (township_id = any ((select app.townships())::bigint[]) and (select app.role()) <> 'enterprise');
create policy task_insert_app on task for insert to safegrid_app
  with check (township_id = (select app.township_id()) and (select app.may('organization.manage')));
create policy task_update_app on task for update to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')))
  with check (township_id = (select app.township_id()));
create policy task_delete_app on task for delete to safegrid_app
  using (township_id = (select app.township_id()) and (select app.may('organization.manage')));

-- ---------------------------------------------------------------------------
-- Documents sent down by the county
-- ---------------------------------------------------------------------------
-- The county admin sends a document to townships: one document in each
-- township, whose one recipient is the township itself (kind 'township'),
-- acknowledged by its committee.  The sender is a county user, who has no
-- township, so the sender's key is the user alone.

alter table document drop constraint document_township_id_sent_by_fkey;
alter table document add constraint document_sent_by_fkey foreign key (sent_by) references app_user (id);

alter table document_recipient drop constraint document_recipient_recipient_kind_check;
alter table document_recipient add constraint document_recipient_recipient_kind_check
  check (recipient_kind in ('user', 'enterprise', 'grid_node', 'group', 'township'));

-- Whether the caller answers for a recipient unit: a township is answered
-- for by its committee.
create or replace function app.answers_for(p_township_id bigint, p_kind text, p_id bigint) returns boolean
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select p_township_id = app.township_id() and case p_kind
    when 'user' then p_id = app.user_id()
    when 'enterprise' then p_id = app.enterprise_id()
    when 'grid_node' then exists (select 1 from grid_node n where n.township_id = p_township_id
                                   and n.id = p_id and n.responsible_user_id = app.user_id())
    when 'group' then exists (select 1 from working_group g where g.township_id = p_township_id
                               and g.id = p_id and g.leader_user_id = app.user_id())
                   or exists (select 1 from group_member m where m.township_id = p_township_id
                               and m.group_id = p_id and m.user_id = app.user_id())
    when 'township' then p_id = p_township_id and app.role() = 'committee'
    else false end
$$;

drop policy document_insert_app on document;
create policy document_insert_app on document for insert to safegrid_app
  with check ((select app.may('document.send'))
              and (((select app.role()) <> 'county_admin' and township_id = (select app.township_id()))
                   or ((select app.role()) = 'county_admin'
                       and township_id = any ((select app.townships())::bigint[])
                       and sent_by = (select app.user_id()))));

drop policy document_recipient_insert_app on document_recipient;
create policy document_recipient_insert_app on document_recipient for insert to safegrid_app
  with check ((select app.may('document.send'))
              and (((select app.role()) <> 'county_admin' and township_id = (select app.township_id())
                    and recipient_kind <> 'township')
                   or ((select app.role()) = 'county_admin'
                       and township_id = any ((select app.townships())::bigint[])
                       and recipient_kind = 'township' and recipient_id = township_id)));
