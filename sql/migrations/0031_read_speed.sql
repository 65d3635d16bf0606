-- 0031: what a read costs PostgreSQL (issue 18).
--
-- The security definer helpers that a request calls were SQL functions with
-- a SET clause: such a function is never inlined, and PostgreSQL plans an
-- SQL function's body again in every statement that calls it.  The hazard
-- detail calls two (its scope and its listed supervision orders): planning
-- them cost more than the rest of the request (a transaction of 0.91 ms
-- against 0.29 ms without them, one client, scale 1).  The write policies
-- and the notification triggers call the others on every hazard, inspection
-- and result written.  The same bodies in plpgsql are planned once a
-- session; what each answers is unchanged.

-- Whether the caller may act on a record of sector p_sector_id at enterprise
-- p_enterprise_id of township p_township_id (0015).
create or replace function app.department_covers(p_township_id bigint, p_sector_id bigint,
                                                 p_enterprise_id bigint) returns boolean
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return app.role() is distinct from 'department'
      or exists (select 1 from user_sector s
                  where s.township_id = p_township_id and s.user_id = app.user_id()
                    and s.sector_id = p_sector_id)
      or exists (select 1 from enterprise_assignment a
                  where a.township_id = p_township_id and a.user_id = app.user_id()
                    and a.enterprise_id = p_enterprise_id and a.ends_on is null);
end
$$;

-- The same for an enterprise's own records (inspections): its sector (0015).
create or replace function app.department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint)
  returns boolean
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return app.department_covers(p_township_id,
                               (select e.sector_id from enterprise e
                                 where e.township_id = p_township_id and e.id = p_enterprise_id),
                               p_enterprise_id);
end
$$;

-- The same for the record an attachment is uploaded to (0015).
create or replace function app.department_covers_record(p_township_id bigint, p_entity_type text,
                                                        p_entity_id bigint) returns boolean
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return case p_entity_type
    when 'hazard' then coalesce((select app.department_covers(h.township_id, h.sector_id, h.enterprise_id)
                                   from hazard h
                                  where h.township_id = p_township_id and h.id = p_entity_id), true)
    when 'inspection' then coalesce((select app.department_covers_enterprise(i.township_id, i.enterprise_id)
                                       from inspection i
                                      where i.township_id = p_township_id and i.id = p_entity_id), true)
    else true end;
end
$$;

-- Orders under listed supervision (挂牌督办) about a hazard (0017).
create or replace function app.hazard_listed_orders(p_township_id bigint, p_hazard_id bigint) returns jsonb
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'state', o.state,
                                                       'deadline', o.deadline) order by o.id), '[]')
            from supervision_order_hazard l
            join supervision_order o on o.township_id = l.township_id and o.id = l.order_id
           where l.township_id = p_township_id and l.hazard_id = p_hazard_id and o.listed);
end
$$;

-- Who answers for a recipient unit (0020): called by the notification
-- triggers of every hazard registered and by app.answers_for.
create or replace function app.recipient_users(p_township_id bigint, p_kind text, p_id bigint) returns bigint[]
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return (
  select coalesce(array_agg(distinct u), '{}') from (
    select p_id as u where p_kind = 'user'
    union all
    select x.id from app_user x where p_kind = 'enterprise' and x.township_id = p_township_id
                                  and x.role = 'enterprise' and x.enterprise_id = p_id
    union all
    select n.responsible_user_id from grid_node n
     where p_kind = 'grid_node' and n.township_id = p_township_id and n.id = p_id
    union all
    select g.leader_user_id from working_group g
     where p_kind = 'group' and g.township_id = p_township_id and g.id = p_id
    union all
    select m.user_id from group_member m
     where p_kind = 'group' and m.township_id = p_township_id and m.group_id = p_id
    union all
    select x.id from app_user x where p_kind = 'township' and p_id = p_township_id
                                  and x.township_id = p_township_id and x.role = 'committee') r
   where u is not null);
end
$$;

create or replace function app.enterprise_users(p_township_id bigint, p_enterprise_id bigint) returns bigint[]
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return app.recipient_users(p_township_id, 'enterprise', p_enterprise_id);
end
$$;

create or replace function app.order_addressees(p_township_id bigint, p_user_id bigint, p_grid_node_id bigint)
  returns bigint[]
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return case when p_user_id is not null then array[p_user_id]
              else app.recipient_users(p_township_id, 'grid_node', p_grid_node_id)
                   || app.recipient_users(p_township_id, 'township', p_township_id) end;
end
$$;

create or replace function app.answers_for(p_township_id bigint, p_kind text, p_id bigint) returns boolean
  language plpgsql stable security definer set search_path = public, pg_catalog
  as $$
begin
  return p_township_id = app.township_id()
         and app.user_id() = any (app.recipient_users(p_township_id, p_kind, p_id));
end
$$;
