--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app;


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: hazard_delta; Type: TYPE; Schema: app; Owner: -
--

CREATE TYPE app.hazard_delta AS (
	township_id bigint,
	sector_id bigint,
	grid_node_id bigint,
	status text,
	severity text,
	deadline date,
	created_at timestamp with time zone,
	closed_at timestamp with time zone,
	n integer
);


--
-- Name: inspection_delta; Type: TYPE; Schema: app; Owner: -
--

CREATE TYPE app.inspection_delta AS (
	township_id bigint,
	enterprise_id bigint,
	n integer
);


--
-- Name: result_delta; Type: TYPE; Schema: app; Owner: -
--

CREATE TYPE app.result_delta AS (
	township_id bigint,
	inspection_id bigint,
	result text,
	n integer
);


--
-- Name: accountability_kind_check(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.accountability_kind_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if not exists (select 1 from accountability_kind k
                  where k.code = new.kind and (k.township_id is null or k.township_id = new.township_id)) then
    raise exception 'no such kind of accountability' using errcode = 'SG422', column = 'kind';
  end if;
  return new;
end
$$;


--
-- Name: activation_code_audit(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.activation_code_audit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' or new.issued_at <> old.issued_at then
    perform app.audit('auth.code_issued', 'app_user', new.user_id, new.township_id, null,
                      jsonb_build_object('expires_at', new.expires_at));
  elsif new.used_at is not null and old.used_at is null then
    perform app.audit('auth.activated', 'app_user', new.user_id, new.township_id, null, null,
                      new.user_id);
  end if;
  return null;
end
$$;


--
-- Name: activation_redeem(bigint, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.activation_redeem(p_user_id bigint, p_code_hash text, p_password_hash text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  update activation_code set used_at = now()
   where user_id = p_user_id and code_hash = p_code_hash
     and used_at is null and expires_at > now();
  if not found then
    return false;
  end if;
  update app_user set password_hash = p_password_hash, password_changed_at = now()
   where id = p_user_id and active;
  return found;
end
$$;


--
-- Name: activation_sms_expire(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.activation_sms_expire() RETURNS integer
    LANGUAGE sql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  with gone as (
    update notification_outbox set withdrawn = 'expired', withdrawn_at = now()
     where kind = 'activation_code' and delivered_at is null and withdrawn is null
       and expires_at <= now()
    returning 1)
  select count(*)::int from gone
$$;


--
-- Name: activation_sms_queue(jsonb); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.activation_sms_queue(p_items jsonb) RETURNS SETOF bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $_$
  insert into notification_outbox (township_id, kind, user_id, code, expires_at, payload)
  select c.township_id, 'activation_code', u.id, upper(i.code), c.expires_at,
         jsonb_build_object('kind', 'activation_code', 'user_id', u.id, 'username', u.username,
                            'display_name', u.display_name, 'phone', m.mobile,
                            'township_id', c.township_id, 'township', t.name,
                            'enterprise_id', e.id, 'enterprise_name', e.name,
                            'title', '登录激活码', 'expires_at', c.expires_at,
                            'expires_on', to_char(c.expires_at at time zone t.time_zone, 'YYYY-MM-DD'),
                            'activation_url', i.url, 'created_at', now())
    from jsonb_to_recordset(p_items) as i(user_id bigint, phone text, code text, url text)
    cross join lateral (select regexp_replace(regexp_replace(coalesce(i.phone, ''), '[[:space:]()-]', '', 'g'),
                                              '^\+?86', '') as mobile) m
    join activation_code c on c.user_id = i.user_id
    join app_user u on u.id = c.user_id and u.township_id = c.township_id
    join enterprise e on e.id = u.enterprise_id and e.township_id = u.township_id
    join township t on t.id = c.township_id
   where m.mobile ~ '^1[3-9][0-9]{9}$'
     and u.active
     and c.issued_by = app.user_id() and c.issued_at = now() and c.used_at is null
     and c.code_hash = encode(sha256(convert_to(upper(replace(i.code, '-', '')), 'UTF8')), 'hex')
  returning user_id
$_$;


--
-- Name: activation_sms_withdraw(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.activation_sms_withdraw() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  update notification_outbox
     set withdrawn = case when new.used_at is not null and old.used_at is null then 'used' else 'superseded' end,
         withdrawn_at = now()
   where kind = 'activation_code' and user_id = new.user_id
     and delivered_at is null and withdrawn is null;
  return null;
end
$$;


--
-- Name: answer(text, bigint, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer(p_view text, p_township_id bigint, p_arg text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  v_user bigint := case when app.role() in ('department', 'enterprise') then app.user_id() end;
  v_key text := p_view || case when p_view like 'daily%' or p_view = 'grid' then '/' || app.role() else '' end
                       || '/' || coalesce(p_arg, '');
  v_version text;
  v_today date := app.today();
  v_body json;
begin
  -- What the answer is computed from: the township's stamp, or the county's
  -- (read first: see 0030).
  if p_township_id is not null then
    select coalesce(sum(s.stamp), 0)::text into v_version from answer_stamp s where s.township_id = p_township_id;
  elsif app.role() = 'county_admin' then
    select 'county:' || coalesce(sum(s.stamp), 0) into v_version
      from answer_county_stamp s where s.county_id = app.county_id();
  else
    select coalesce(string_agg(t.id || ':' || s.stamp, ',' order by t.id), '') into v_version
      from unnest(app.townships()) t (id),
           lateral (select coalesce(sum(x.stamp), 0) as stamp from answer_stamp x where x.township_id = t.id) s;
  end if;
  -- As stored; else one computes, and the others asking at the same moment
  -- wait for it (the lock is the transaction's, released at its commit,
  -- when the answer is there to read) instead of all computing it at once.
  for attempt in 1 .. 2 loop
    select a.body into v_body from answer a
     where a.county_id = app.county_id() and a.township_id is not distinct from p_township_id
       and a.view = v_key and a.user_id is not distinct from v_user
       and a.version = v_version and a.day = v_today;
    if found then
      return v_body;
    end if;
    if attempt = 1 then
      perform pg_advisory_xact_lock(hashtextextended(
        concat_ws('/', 'answer', app.county_id(), p_township_id, v_key, v_user), 0));
    end if;
  end loop;
  v_body := case p_view
    when 'committee' then app.dashboard_committee(p_township_id)
    when 'supervisor' then app.dashboard_supervisor(p_township_id)
    when 'department' then app.dashboard_department(p_township_id)
    when 'enterprise' then app.dashboard_enterprise(p_township_id)
    when 'county' then app.dashboard_county(p_arg::bigint)
    when 'daily' then app.daily_report(p_township_id, p_arg::date)
    when 'daily_county' then app.daily_county(p_arg::date)
    when 'grid' then app.grid_tree(p_township_id, null, true)
  end::json;
  if v_body is null then
    return null;   -- nothing to show (and nothing stored)
  end if;
  insert into answer as a (county_id, township_id, view, user_id, version, day, body)
  values (app.county_id(), p_township_id, v_key, v_user, v_version, v_today, v_body)
  on conflict (county_id, township_id, view, user_id) do update
     set version = excluded.version, day = excluded.day, body = excluded.body, computed_at = now()
   where a.version <> excluded.version or a.day <> excluded.day;
  return v_body;
end
$$;


--
-- Name: answer_bump(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_bump(p_township_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  done text := coalesce(nullif(current_setting('app.answer_bumped', true), ''), ',');
  v_county bigint;
begin
  if p_township_id is null or strpos(done, ',' || p_township_id || ',') > 0 then
    return;
  end if;
  select t.county_id into v_county from township t where t.id = p_township_id;
  if found then
    perform app.answer_bump_county(v_county);
    insert into answer_stamp as s (township_id, shard, stamp)
    values (p_township_id, pg_backend_pid() % 16, 1)
    on conflict (township_id, shard) do update set stamp = s.stamp + 1;
  end if;
  perform set_config('app.answer_bumped', done || p_township_id || ',', true);
end
$$;


--
-- Name: answer_bump_county(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_bump_county(p_county_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  done text := coalesce(nullif(current_setting('app.answer_bumped_county', true), ''), ',');
begin
  if p_county_id is null or strpos(done, ',' || p_county_id || ',') > 0 then
    return;
  end if;
  insert into answer_county_stamp as s (county_id, shard, stamp)
  select p_county_id, pg_backend_pid() % 16, 1 where exists (select 1 from county c where c.id = p_county_id)
  on conflict (county_id, shard) do update set stamp = s.stamp + 1;
  perform set_config('app.answer_bumped_county', done || p_county_id || ',', true);
end
$$;


--
-- Name: answer_touch(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_touch() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op <> 'INSERT' then
    perform app.answer_bump(old.township_id);
  end if;
  if tg_op <> 'DELETE' then
    perform app.answer_bump(new.township_id);
  end if;
  return null;
end
$$;


--
-- Name: answer_touch_county(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_touch_county() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  t bigint;
begin
  for t in select id from township
            where county_id in (case when tg_op <> 'INSERT' then old.county_id end,
                                case when tg_op <> 'DELETE' then new.county_id end)
            order by id loop
    perform app.answer_bump(t);
  end loop;
  return null;
end
$$;


--
-- Name: answer_touch_township(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_touch_township() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'DELETE' then
    perform app.answer_bump_county(old.county_id);
  else
    perform app.answer_bump(new.id);
  end if;
  return null;
end
$$;


--
-- Name: answer_visible(bigint, bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answer_visible(p_county_id bigint, p_township_id bigint, p_user_id bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select case when p_township_id is null
              then p_county_id = app.county_id() and app.role() = 'county_admin'
              else p_township_id = any (app.townships()) end
         and (p_user_id = app.user_id() or (p_user_id is null and app.role() not in ('department', 'enterprise')))
$$;


--
-- Name: answers_for(bigint, text, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.answers_for(p_township_id bigint, p_kind text, p_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select p_township_id = app.township_id()
         and app.user_id() = any (app.recipient_users(p_township_id, p_kind, p_id))
  );
end
$$;


--
-- Name: app_user_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.app_user_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
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
  if tg_op = 'INSERT'
     and not exists (select 1 from township t
                      where t.id = new.township_id and starts_with(new.username, t.slug || '.'))
     and not (new.role = 'enterprise'
              and exists (select 1 from enterprise e
                           where e.id = new.enterprise_id
                             and (new.username = lower(e.credit_code)
                                  or starts_with(new.username, lower(e.credit_code) || '.')))) then
    raise exception '用户名须以本乡镇简称加点开头，如 %.zhangsan',
                    (select t.slug from township t where t.id = app.township_id())
      using errcode = 'SG422', column = 'username';
  end if;
  return new;
end
$$;


--
-- Name: application_pending(bigint, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.application_pending(p_township_id bigint, p_credit_code text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select exists (select 1 from login_application a
                  where a.township_id = p_township_id and a.credit_code = p_credit_code
                    and a.status = 'pending')
$$;


--
-- Name: audit(text, text, bigint, bigint, jsonb, jsonb, bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit(p_action text, p_entity_type text, p_entity_id bigint, p_township_id bigint, p_before jsonb, p_after jsonb, p_actor_id bigint DEFAULT NULL::bigint, p_county_id bigint DEFAULT NULL::bigint) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  insert into audit_log (actor_id, county_id, township_id, action, entity_type, entity_id,
                         before, after, client_addr, request_id)
  values (coalesce(p_actor_id, app.user_id()),
          coalesce(p_county_id, app.county_id(),
                   (select county_id from township where id = p_township_id)),
          p_township_id, p_action, p_entity_type, p_entity_id, p_before, p_after,
          nullif(current_setting('app.client_addr', true), ''),
          nullif(current_setting('app.request_id', true), ''))
$$;


--
-- Name: audit_refuse(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_refuse() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
begin
  raise exception 'the audit log is append-only'
    using errcode = 'SG403';
end
$$;


--
-- Name: audit_row(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_row() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  before jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  after  jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  row    jsonb := coalesce(after, before);
  hidden text;
begin
  foreach hidden in array coalesce(tg_argv, array[]::text[]) loop
    before := before - hidden;
    after := after - hidden;
  end loop;
  if tg_op = 'UPDATE' and before - 'version' - 'updated_at' = after - 'version' - 'updated_at' then
    return null;   -- nothing visible changed (a touch of a hidden column)
  end if;
  perform app.audit(tg_table_name || '.' || lower(tg_op), tg_table_name,
                    (row->>'id')::bigint,
                    case when tg_table_name = 'township' then (row->>'id')::bigint
                         else (row->>'township_id')::bigint end,
                    before, after, null,
                    (row->>'county_id')::bigint);
  return null;
end
$$;


--
-- Name: campaign_closed_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.campaign_closed_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  cid bigint;
begin
  if tg_table_name = 'campaign' then
    if old.status = 'closed' then
      raise exception 'the campaign is closed and can no longer change' using errcode = 'SG409';
    end if;
    return new;
  end if;
  cid := case when tg_op = 'DELETE' then (to_jsonb(old)->>'campaign_id')::bigint
              else (to_jsonb(new)->>'campaign_id')::bigint end;
  if cid is not null and exists (select 1 from campaign c where c.id = cid and c.status = 'closed') then
    raise exception 'the campaign is closed and can no longer change' using errcode = 'SG409';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;


--
-- Name: checklist_frozen_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.checklist_frozen_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  cid bigint := coalesce((to_jsonb(new)->>'checklist_id')::bigint, (to_jsonb(old)->>'checklist_id')::bigint);
begin
  if exists (select 1 from checklist c where c.id = cid and c.status <> 'draft') then
    raise exception 'a published checklist never changes; make a new version'
      using errcode = 'SG409';
  end if;
  return coalesce(new, old);
end
$$;


SET default_table_access_method = heap;

--
-- Name: checklist_item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checklist_item (
    id bigint NOT NULL,
    checklist_id bigint NOT NULL,
    category_id bigint NOT NULL,
    code text NOT NULL,
    "position" integer NOT NULL,
    text text NOT NULL,
    sector_codes text[] DEFAULT '{}'::text[] NOT NULL,
    default_severity text DEFAULT 'general'::text NOT NULL,
    major_criterion boolean DEFAULT false NOT NULL,
    CONSTRAINT checklist_item_check CHECK (((NOT major_criterion) OR (default_severity = 'major'::text))),
    CONSTRAINT checklist_item_code_check CHECK ((code ~ '^[A-Z][0-9]{2}$'::text)),
    CONSTRAINT checklist_item_default_severity_check CHECK ((default_severity = ANY (ARRAY['general'::text, 'major'::text]))),
    CONSTRAINT checklist_item_text_check CHECK (((length(text) >= 1) AND (length(text) <= 300)))
);

ALTER TABLE ONLY public.checklist_item FORCE ROW LEVEL SECURITY;


--
-- Name: checklist_item_json(public.checklist_item); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.checklist_item_json(i public.checklist_item) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select jsonb_build_object(
    'id', i.id, 'code', i.code, 'position', i.position, 'text', i.text,
    'sector_codes', to_jsonb(i.sector_codes),
    'sector_ids', coalesce((select jsonb_agg(s.id order by s.position, s.id)
                              from checklist c join sector s on s.county_id = c.county_id
                             where c.id = i.checklist_id and s.code = any (i.sector_codes)), '[]'),
    'default_severity', i.default_severity, 'major_criterion', i.major_criterion)
$$;


--
-- Name: checklist_seed_default(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.checklist_seed_default(p_county_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
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


--
-- Name: checklist_state_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.checklist_state_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
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


--
-- Name: checklist_tree(bigint, jsonb); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.checklist_tree(p_checklist_id bigint, p_item_extra jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
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


--
-- Name: county_checklist(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.county_checklist() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  perform app.checklist_seed_default(new.id);
  return new;
end
$$;


--
-- Name: county_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.county_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('app.county_id', true), '')::bigint $$;


--
-- Name: county_sectors(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.county_sectors() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  insert into sector (county_id, code, name, position)
    select new.id, d.code, d.name, d.position from sector_default d;
  return new;
end
$$;


--
-- Name: credit_code_valid(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.credit_code_valid(p_code text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $_$
declare
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  total int := 0;
  v int;
begin
  if p_code is null or p_code !~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' then
    return false;
  end if;
  for i in 1..17 loop
    v := strpos(alphabet, substr(p_code, i, 1)) - 1;
    total := total + v * weights[i];
  end loop;
  v := (31 - total % 31) % 31;
  return substr(alphabet, v + 1, 1) = substr(p_code, 18, 1);
end
$_$;


--
-- Name: daily_county(date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.daily_county(p_date date) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select jsonb_build_object('date', p_date, 'townships', coalesce(jsonb_agg(
           jsonb_build_object('township_id', t.id, 'township_name', t.name)
           || (app.daily_figures(t.id, p_date) - 'by_sector' - 'by_grid_node')
           || jsonb_build_object('not_reported_count', jsonb_array_length(app.daily_not_reported(t.id, p_date)))
           order by t.id) filter (where t.id is not null), '[]'))
    from (select 1) one left join township t on t.id = any (app.townships())
$$;


--
-- Name: daily_figures(bigint, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.daily_figures(p_township_id bigint, p_date date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with b as (select (p_date - 1)::timestamp at time zone 'Asia/Shanghai' as d_before,
                    p_date::timestamp at time zone 'Asia/Shanghai' as d0,
                    (p_date + 1)::timestamp at time zone 'Asia/Shanghai' as d1),
  -- Weighted rows: open, overdue and the membership m of a sector or grid
  -- node at the end of the day and of the day before; found and closed.
  h (sector_id, grid_node_id, found, found_before, closed, closed_before,
     open, open_before, overdue, overdue_before, m) as (
    select t.sector_id, t.grid_node_id, 0, 0, 0, 0, t.n, t.n, 0, 0, t.n
      from hazard_tally t
     where t.township_id = p_township_id and t.status in ('reported', 'rectifying', 'submitted') and t.n > 0
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0, 0, 0, 1, (h.deadline < p_date - 1)::int, 0
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying') and h.deadline < p_date
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0,
           -(h.created_at >= b.d1)::int, -1,
           -(h.created_at >= b.d1 and x.late)::int, -(x.late_before)::int,
           -(h.created_at >= b.d1)::int
      from hazard h, b,
           lateral (select h.status <> 'submitted' and coalesce(h.deadline < p_date, false) as late,
                           h.status <> 'submitted' and coalesce(h.deadline < p_date - 1, false) as late_before) x
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.created_at >= b.d0
    union all
    select h.sector_id, h.grid_node_id, 0, 0, 0, 0, o.open::int, o.open_before::int,
           (o.open and coalesce(h.deadline < p_date, false))::int,
           (o.open_before and coalesce(h.deadline < p_date - 1, false))::int,
           (h.created_at < b.d1)::int
      from hazard h, b,
           lateral (select h.closed_at >= b.d1 and h.created_at < b.d1 as open,
                           h.closed_at >= b.d0 and h.created_at < b.d0 as open_before) o
     where h.township_id = p_township_id and h.closed_at >= b.d_before
    union all
    select d.sector_id, d.grid_node_id,
           case when d.day = p_date then d.found else 0 end, case when d.day < p_date then d.found else 0 end,
           case when d.day = p_date then d.closed else 0 end, case when d.day < p_date then d.closed else 0 end,
           0, 0, 0, 0, 0
      from hazard_day d
     where d.township_id = p_township_id and d.day in (p_date - 1, p_date)),
  g as (
    select grouping(sector_id) = 0 as by_sector, grouping(grid_node_id) = 0 as by_grid,
           sector_id, grid_node_id,
           sum(found) as found, sum(found_before) as found_before,
           sum(closed) as closed, sum(closed_before) as closed_before,
           sum(open) as open, sum(open_before) as open_before,
           sum(overdue) as overdue, sum(overdue_before) as overdue_before
      from h group by grouping sets ((), (sector_id), (grid_node_id))
    having grouping(sector_id) + grouping(grid_node_id) = 2 or sum(m) > 0),
  f as (
    select g.*, jsonb_build_object(
             'found', found, 'closed', closed, 'open', open, 'overdue', overdue,
             'change', jsonb_build_object('found', found - found_before, 'closed', closed - closed_before,
                                          'open', open - open_before, 'overdue', overdue - overdue_before)) as j
      from g)
  select jsonb_build_object(
    'totals', coalesce((select j from f where not by_sector and not by_grid),
                       jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0,
                                          'change', jsonb_build_object('found', 0, 'closed', 0, 'open', 0, 'overdue', 0))),
    'by_sector', coalesce((select jsonb_agg(f.j || jsonb_build_object('sector_id', f.sector_id, 'sector_name', s.name)
                                            order by f.sector_id)
                             from f join sector s on s.id = f.sector_id where f.by_sector), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(f.j || jsonb_build_object('grid_node_id', f.grid_node_id,
                                                                         'grid_node_name', n.name)
                                               order by f.grid_node_id nulls first)
                                from f left join grid_node n on n.township_id = p_township_id and n.id = f.grid_node_id
                               where f.by_grid), '[]'))
  );
end
$$;


--
-- Name: daily_not_reported(bigint, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.daily_not_reported(p_township_id bigint, p_date date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with groups as (
    select g.id, g.name from working_group g join campaign c on c.township_id = g.township_id and c.id = g.campaign_id
     where g.township_id = p_township_id and c.status = 'active'),
  reported as (select r.group_id, r.submitted_by from daily_report r
                where r.township_id = p_township_id and r.report_date = p_date),
  cadres as (
    select distinct a.user_id from enterprise_assignment a
      join campaign c on c.township_id = a.township_id and c.id = a.campaign_id
     where a.township_id = p_township_id and c.status = 'active'
       and a.starts_on <= p_date and (a.ends_on is null or a.ends_on >= p_date))
  select coalesce(jsonb_agg(x.j order by x.ord, x.id), '[]') from (
    select 0 as ord, g.id, jsonb_build_object('kind', 'group', 'group_id', g.id, 'name', g.name) as j
      from groups g where not exists (select 1 from reported r where r.group_id = g.id)
    union all
    select 1, c.user_id, jsonb_build_object('kind', 'cadre', 'user_id', c.user_id,
                                            'name', (select u.display_name from app_user u
                                                      where u.township_id = p_township_id and u.id = c.user_id))
      from cadres c
     where not exists (select 1 from reported r where r.submitted_by = c.user_id)
       and not exists (select 1 from reported r join group_member m
                         on m.township_id = p_township_id and m.group_id = r.group_id
                        where m.user_id = c.user_id)) x
  );
end
$$;


--
-- Name: daily_report(bigint, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.daily_report(p_township_id bigint, p_date date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select jsonb_build_object('township_id', t.id, 'township_name', t.name, 'date', p_date)
         || app.daily_figures(t.id, p_date)
         || jsonb_build_object(
              'not_reported', app.daily_not_reported(t.id, p_date),
              'submissions', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'id', r.id, 'group_id', r.group_id, 'group_name', g.name, 'note', r.note,
                          'hazard_ids', to_jsonb(r.hazard_ids), 'submitted_by', r.submitted_by,
                          'submitted_at', r.updated_at, 'version', r.version) order by r.group_id)
                   from daily_report r join working_group g on g.township_id = r.township_id and g.id = r.group_id
                  where r.township_id = t.id and r.report_date = p_date), '[]'),
              'read', (select jsonb_build_object('read_by', x.read_by, 'read_at', x.read_at)
                         from daily_report_read x where x.township_id = t.id and x.report_date = p_date))
    from township t where t.id = p_township_id
  );
end
$$;


--
-- Name: dashboard_committee(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.dashboard_committee(p_township_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with h as materialized (
    select sector_id, grid_node_id, status, severity, n
      from hazard_tally where township_id = p_township_id and n > 0),
  late as materialized (
    select sector_id, grid_node_id from hazard
     where township_id = p_township_id and status in ('reported', 'rectifying') and deadline < app.today()),
  total as (
    select coalesce(sum(n), 0) as total,
           coalesce(sum(n) filter (where status = 'reported'), 0) as reported,
           coalesce(sum(n) filter (where status = 'rectifying'), 0) as rectifying,
           coalesce(sum(n) filter (where status = 'submitted'), 0) as submitted,
           coalesce(sum(n) filter (where status = 'closed'), 0) as closed,
           (select count(*) from late) as overdue,
           coalesce(sum(n) filter (where severity = 'major' and status <> 'closed'), 0) as major_open
      from h),
  days as (select (app.today() - n)::date as day from generate_series(0, 13) n),
  trend as (select day, sum(found) as found, sum(closed) as closed from hazard_day
             where township_id = p_township_id and day > app.today() - 14 group by day)
  select jsonb_build_object(
    'role', 'committee', 'township_id', p_township_id, 'today', app.today(),
    'hazards', (select jsonb_build_object(
                  'total', total,
                  'by_status', jsonb_build_object('reported', reported, 'rectifying', rectifying,
                                                  'submitted', submitted, 'closed', closed),
                  'overdue', overdue, 'major_open', major_open,
                  'rectification_rate', case when total = 0 then null else round(closed::numeric / total, 4) end)
                  from total),
    'by_sector', coalesce((select jsonb_agg(jsonb_build_object('sector_id', s.id, 'sector_name', s.name,
                                                              'total', x.total, 'open', x.open,
                                                              'overdue', coalesce(l.n, 0))
                                            order by s.id)
                             from (select sector_id, sum(n) as total,
                                          coalesce(sum(n) filter (where status <> 'closed'), 0) as open
                                     from h group by sector_id) x join sector s on s.id = x.sector_id
                             left join (select sector_id, count(*) as n from late group by sector_id) l
                               on l.sector_id = x.sector_id), '[]'),
    'by_grid_node', coalesce((select jsonb_agg(jsonb_build_object('grid_node_id', x.grid_node_id, 'grid_node_name', n.name,
                                                                 'total', x.total, 'open', x.open,
                                                                 'overdue', coalesce(l.n, 0))
                                               order by x.grid_node_id nulls first)
                                from (select grid_node_id, sum(n) as total,
                                             coalesce(sum(n) filter (where status <> 'closed'), 0) as open
                                        from h group by grid_node_id) x
                                left join grid_node n on n.township_id = p_township_id and n.id = x.grid_node_id
                                left join (select grid_node_id, count(*) as n from late group by grid_node_id) l
                                  on l.grid_node_id is not distinct from x.grid_node_id), '[]'),
    'overdue_list', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'description', o.description,
                                                                 'deadline', o.deadline, 'severity', o.severity,
                                                                 'enterprise_id', o.enterprise_id,
                                                                 'enterprise_name', e.name)
                                               order by o.deadline, o.id)
                                from (select * from hazard
                                       where township_id = p_township_id and status in ('reported', 'rectifying')
                                         and deadline < app.today()
                                       order by deadline, id limit 20) o
                                left join enterprise e on e.township_id = o.township_id and e.id = o.enterprise_id), '[]'),
    'major_hazards', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'description', m.description,
                                                                  'status', m.status, 'deadline', m.deadline,
                                                                  'enterprise_id', m.enterprise_id,
                                                                  'enterprise_name', e.name)
                                                order by m.id)
                                 from (select * from hazard
                                        where township_id = p_township_id and severity = 'major' and status <> 'closed'
                                        order by id limit 20) m
                                 left join enterprise e on e.township_id = m.township_id and e.id = m.enterprise_id), '[]'),
    'tasks', (select jsonb_build_object(
                       'total', count(*),
                       'by_state', jsonb_build_object('open', count(*) filter (where state = 'open'),
                                                      'in_progress', count(*) filter (where state = 'in_progress'),
                                                      'done', count(*) filter (where state = 'done'),
                                                      'cancelled', count(*) filter (where state = 'cancelled')),
                       'overdue', count(*) filter (where deadline < app.today() and state not in ('done', 'cancelled')),
                       'progress', coalesce(sum(least(progress, target)) filter (where parent_id is null), 0),
                       'target', coalesce(sum(target) filter (where parent_id is null), 0))
                from task where township_id = p_township_id),
    'unsigned_letters', (select count(*) from responsibility_letter
                          where township_id = p_township_id and signed_on is null),
    'trend', (select jsonb_agg(jsonb_build_object('date', d.day, 'new', coalesce(t.found, 0), 'closed', coalesce(t.closed, 0))
                               order by d.day)
                from days d left join trend t on t.day = d.day))
  );
end
$$;


--
-- Name: dashboard_county(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.dashboard_county(p_township_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with t as (select t.id, t.name from township t
              where t.id = any (app.townships()) and (p_township_id is null or t.id = p_township_id)),
  f as (
    select t.id, t.name,
           coalesce((select x.inspected_enterprises from township_tally x where x.township_id = t.id), 0)
             as inspected_enterprises,
           x.found, x.closed, x.overdue,
           (select count(*) from supervision_order o where o.township_id = t.id and o.state <> 'closed') as orders_open,
           (select count(*) from supervision_order o
             where o.township_id = t.id and o.state <> 'closed' and o.deadline < app.today()) as orders_overdue
      from t, lateral (select coalesce(sum(h.n), 0) as found,
                              coalesce(sum(h.n) filter (where h.status = 'closed'), 0) as closed,
                              coalesce(sum(h.n) filter (where app.hazard_overdue(h.status, h.deadline)), 0) as overdue
                         from hazard_due_count h where h.township_id = t.id) x),
  r as (select f.*, case when found = 0 then null else round(closed::numeric / found, 4) end as rate from f)
  select jsonb_build_object(
    'role', 'county_admin', 'today', app.today(),
    'townships', coalesce((select jsonb_agg(jsonb_build_object(
                              'rank', rnk, 'township_id', id, 'township_name', name,
                              'inspected_enterprises', inspected_enterprises, 'hazards_found', found,
                              'hazards_closed', closed, 'rectification_rate', rate, 'overdue', overdue,
                              'orders_open', orders_open, 'orders_overdue', orders_overdue)
                            order by rnk, id)
                             from (select r.*, rank() over (order by rate desc nulls last, overdue) as rnk from r) ranked), '[]'))
  );
end
$$;


--
-- Name: dashboard_department(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.dashboard_department(p_township_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with mine as (
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.sector_id = any ((select app.queue_sector_ids())::bigint[])
    union
    select h.id, h.status, h.deadline, h.description, h.enterprise_id, h.submitted_by,
           app.hazard_overdue(h.status, h.deadline) as overdue
      from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying', 'submitted')
       and h.enterprise_id = any ((select app.queue_enterprise_ids())::bigint[])),
  pick as (select m.*, case when status = 'submitted' then 'to_verify'
                            when overdue then 'overdue'
                            when deadline between app.today() and app.today() + 3 then 'due_soon' end as bucket
             from mine m)
  select jsonb_build_object(
    'role', 'department', 'township_id', p_township_id, 'today', app.today(),
    'open', (select count(*) from mine),
    'to_verify', (select count(*) from pick where bucket = 'to_verify'),
    'due_soon', (select count(*) from pick where bucket = 'due_soon'),
    'overdue', (select count(*) from pick where bucket = 'overdue'),
    'queue', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'bucket', bucket, 'status', status,
                                                          'deadline', deadline, 'description', description,
                                                          'enterprise_id', enterprise_id)
                                        order by bucket, deadline nulls last, id)
                         from (select * from pick where bucket is not null
                                order by bucket, deadline nulls last, id limit 50) q), '[]'),
    'tasks', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'title', t.title, 'state', t.state,
                                                          'progress', t.progress, 'target', t.target,
                                                          'deadline', t.deadline,
                                                          'overdue', t.deadline < app.today()
                                                                     and t.state not in ('done', 'cancelled'))
                                        order by t.deadline, t.id)
                         from task t where t.township_id = p_township_id and t.assignee_user_id = app.user_id()
                                       and t.state not in ('done', 'cancelled')), '[]'),
    'orders', coalesce((select jsonb_agg(o.json order by o.deadline, o.id)
                          from app.supervision_order_json o
                         where o.township_id = p_township_id and o.state <> 'closed'
                           and app.supervision_order_mine(o.addressee_user_id)), '[]'))
  );
end
$$;


--
-- Name: dashboard_enterprise(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.dashboard_enterprise(p_township_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  with h as (select h.id, h.status, h.deadline, h.description, h.measure,
                    app.hazard_overdue(h.status, h.deadline) as overdue
               from hazard h where h.township_id = p_township_id and h.enterprise_id = app.enterprise_id())
  select jsonb_build_object(
    'role', 'enterprise', 'township_id', p_township_id, 'enterprise_id', app.enterprise_id(), 'today', app.today(),
    'by_status', (select jsonb_object_agg(s, (select count(*) from h where h.status = s))
                    from unnest(array['reported', 'rectifying', 'submitted', 'closed']) s),
    'overdue', (select count(*) from h where overdue),
    'due', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'status', status, 'deadline', deadline,
                                                        'description', description, 'measure', measure,
                                                        'overdue', overdue) order by deadline nulls last, id)
                       from h where status in ('reported', 'rectifying')), '[]'),
    'rejected', coalesce((select jsonb_agg(jsonb_build_object('id', h.id, 'description', h.description,
                                                             'reason', e.note, 'at', e.at) order by e.at desc)
                            from h join lateral (
                                   select ev.note, ev.at, ev.action from hazard_event ev
                                    where ev.township_id = p_township_id and ev.hazard_id = h.id
                                    order by ev.id desc limit 1) e on e.action = 'reject'
                           where h.status = 'rectifying'), '[]'))
$$;


--
-- Name: dashboard_supervisor(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.dashboard_supervisor(p_township_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
with late as materialized (
    select h.grid_node_id, h.responsible_user_id from hazard h
     where h.township_id = p_township_id and h.status in ('reported', 'rectifying') and h.deadline < app.today()),
  late_tasks as (select t.id, t.grid_node_id, t.assignee_user_id from task t
                  where t.township_id = p_township_id and t.deadline < app.today()
                    and t.state not in ('done', 'cancelled')),
  units as (select grid_node_id, count(*) filter (where kind = 'hazard') as hazards,
                   count(*) filter (where kind = 'task') as tasks, count(*) as total
              from (select grid_node_id, 'hazard' as kind from late
                    union all select grid_node_id, 'task' from late_tasks) u
             group by grid_node_id),
  people as (select user_id, count(*) filter (where kind = 'hazard') as hazards,
                    count(*) filter (where kind = 'task') as tasks, count(*) as total
               from (select responsible_user_id as user_id, 'hazard' as kind from late
                     union all select assignee_user_id, 'task' from late_tasks) p
              group by user_id)
  select jsonb_build_object(
    'role', 'supervisor', 'township_id', p_township_id, 'today', app.today(),
    'overdue_hazards', (select count(*) from late),
    'overdue_tasks', (select count(*) from late_tasks),
    'units_ranked', coalesce((select jsonb_agg(jsonb_build_object('rank', rnk, 'grid_node_id', grid_node_id,
                                                                 'grid_node_name', name, 'overdue_hazards', hazards,
                                                                 'overdue_tasks', tasks, 'overdue', total)
                                               order by rnk, grid_node_id nulls first)
                                from (select u.*, n.name, rank() over (order by u.total desc) as rnk
                                        from units u left join grid_node n
                                          on n.township_id = p_township_id and n.id = u.grid_node_id) r), '[]'),
    'people', coalesce((select jsonb_agg(jsonb_build_object('user_id', p.user_id, 'name', u.display_name,
                                                           'overdue_hazards', p.hazards, 'overdue_tasks', p.tasks)
                                         order by p.total desc, p.user_id nulls first)
                          from people p left join app_user u on u.township_id = p_township_id and u.id = p.user_id), '[]'),
    'orders', (select jsonb_build_object(
                        'open', count(*) filter (where state <> 'closed'),
                        'overdue', count(*) filter (where state <> 'closed' and deadline < app.today()),
                        'by_state', jsonb_build_object('issued', count(*) filter (where state = 'issued'),
                                                       'answered', count(*) filter (where state = 'answered'),
                                                       'rejected', count(*) filter (where state = 'rejected'),
                                                       'escalated', count(*) filter (where state = 'escalated'),
                                                       'closed', count(*) filter (where state = 'closed')))
                 from supervision_order where township_id = p_township_id))
  );
end
$$;


--
-- Name: department_covers(bigint, bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.department_covers(p_township_id bigint, p_sector_id bigint, p_enterprise_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select app.role() is distinct from 'department'
      or exists (select 1 from user_sector s
                  where s.township_id = p_township_id and s.user_id = app.user_id()
                    and s.sector_id = p_sector_id)
      or exists (select 1 from enterprise_assignment a
                  where a.township_id = p_township_id and a.user_id = app.user_id()
                    and a.enterprise_id = p_enterprise_id and a.ends_on is null)
  );
end
$$;


--
-- Name: department_covers_enterprise(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select app.department_covers(p_township_id,
                               (select e.sector_id from enterprise e
                                 where e.township_id = p_township_id and e.id = p_enterprise_id),
                               p_enterprise_id)
  );
end
$$;


--
-- Name: department_covers_record(bigint, text, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.department_covers_record(p_township_id bigint, p_entity_type text, p_entity_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select case p_entity_type
    when 'hazard' then coalesce((select app.department_covers(h.township_id, h.sector_id, h.enterprise_id)
                                   from hazard h
                                  where h.township_id = p_township_id and h.id = p_entity_id), true)
    when 'inspection' then coalesce((select app.department_covers_enterprise(i.township_id, i.enterprise_id)
                                       from inspection i
                                      where i.township_id = p_township_id and i.id = p_entity_id), true)
    else true end
  );
end
$$;


--
-- Name: document_recipient_notify(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.document_recipient_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  perform app.notify(new.township_id, app.recipient_users(new.township_id, new.recipient_kind, new.recipient_id),
                     'document_received', 'document', new.document_id, '收到文件',
                     '《' || d.title || '》已发送给您，请及时阅读并签收。')
     from document d where d.township_id = new.township_id and d.id = new.document_id;
  return null;
end
$$;


--
-- Name: enterprise_admin(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$ select coalesce((select u.enterprise_admin from app_user u
                          where u.id = app.user_id() and u.active), false) $$;


--
-- Name: enterprise_admin_first(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_admin_first() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if new.role = 'enterprise' then
    new.enterprise_admin := not exists (select 1 from app_user u
                                         where u.enterprise_id = new.enterprise_id
                                           and u.enterprise_admin);
  else
    new.enterprise_admin := false;
  end if;
  return new;
end
$$;


--
-- Name: enterprise_cadres_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.enterprise_cadres_refresh(array(select distinct enterprise_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.enterprise_cadres_refresh(array(select distinct enterprise_id from old_rows));
  else
    perform app.enterprise_cadres_refresh(array(select enterprise_id from old_rows
                                                union select enterprise_id from new_rows));
  end if;
  return null;
end
$$;


--
-- Name: enterprise_cadres; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enterprise_cadres (
    enterprise_id bigint NOT NULL,
    township_id bigint NOT NULL,
    json json NOT NULL
);

ALTER TABLE ONLY public.enterprise_cadres FORCE ROW LEVEL SECURITY;


--
-- Name: enterprise_cadres_computed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_computed() RETURNS SETOF public.enterprise_cadres
    LANGUAGE sql STABLE
    AS $$
  select a.enterprise_id, a.township_id,
         json_agg(json_build_object('campaign_id', a.campaign_id, 'user_id', a.user_id,
                                    'display_name', u.display_name, 'starts_on', a.starts_on)
                  order by a.campaign_id)
    from app.assigned_cadre a
    join app_user u on u.township_id = a.township_id and u.id = a.user_id
   group by a.enterprise_id, a.township_id
$$;


--
-- Name: enterprise_cadres_differing(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_differing() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select coalesce(k.enterprise_id, n.enterprise_id)
    from enterprise_cadres k full join app.enterprise_cadres_computed() n on n.enterprise_id = k.enterprise_id
   where k.enterprise_id is null or n.enterprise_id is null
      or k.township_id <> n.township_id or k.json::text <> n.json::text
$$;


--
-- Name: enterprise_cadres_of_changed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_of_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'campaign' then
    perform app.enterprise_cadres_refresh(array(
      select distinct a.enterprise_id from enterprise_assignment a
       where a.township_id = new.township_id and a.campaign_id = new.id and a.ends_on is null));
  else   -- app_user
    perform app.enterprise_cadres_refresh(array(
      select a.enterprise_id from enterprise_assignment a
       where a.township_id = new.township_id and a.user_id = new.id and a.ends_on is null));
  end if;
  return null;
end
$$;


--
-- Name: enterprise_cadres_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  delete from enterprise_cadres;
  insert into enterprise_cadres select * from app.enterprise_cadres_computed();
end
$$;


--
-- Name: enterprise_cadres_refresh(bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_cadres_refresh(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  with n as materialized (
    select * from app.enterprise_cadres_computed() n where n.enterprise_id = any (p_ids)),
  gone as (
    delete from enterprise_cadres k
     where k.enterprise_id = any (p_ids)
       and not exists (select 1 from n where n.enterprise_id = k.enterprise_id))
  insert into enterprise_cadres as k
  select * from n order by n.enterprise_id
  on conflict (enterprise_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json::text <> excluded.json::text or k.township_id <> excluded.township_id;
end
$$;


--
-- Name: enterprise_closed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_closed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  update app_user set active = false
   where enterprise_id = new.id and township_id = new.township_id and active;
  return null;
end
$$;


--
-- Name: enterprise_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('app.enterprise_id', true), '')::bigint $$;


--
-- Name: enterprise_user_ids(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_user_ids(p_township_id bigint, p_enterprise_id bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select x.id from public.app_user x
   where x.township_id = p_township_id and x.role = 'enterprise' and x.enterprise_id = p_enterprise_id
$$;


--
-- Name: enterprise_username(text, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_username(p_credit_code text, p_township_id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select case when not exists (select 1 from app_user u where u.username = lower(p_credit_code))
              then lower(p_credit_code)
              else (select t.slug from township t where t.id = p_township_id) || '.' || lower(p_credit_code)
         end
$$;


--
-- Name: enterprise_users(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.enterprise_users(p_township_id bigint, p_enterprise_id bigint) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select app.recipient_users(p_township_id, 'enterprise', p_enterprise_id)
  );
end
$$;


--
-- Name: five_items_complete(jsonb); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.five_items_complete(p jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select p is not null and coalesce(bool_and(length(trim(coalesce(p->>k, ''))) > 0), false)
    from unnest(array['responsibility', 'measures', 'funds', 'time_limit', 'contingency_plan']) as k
$$;


--
-- Name: grid_node_level_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_node_level_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if new.parent_id is not null and not exists (
       select 1 from grid_node p
        where p.township_id = new.township_id and p.id = new.parent_id and p.level = new.level - 1) then
    raise exception 'a level % node needs a level % parent', new.level, new.level - 1
      using errcode = 'SG422', column = 'parent_id';
  end if;
  return new;
end
$$;


--
-- Name: grid_node_moved(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_node_moved() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if old.parent_id is distinct from new.parent_id then
    insert into grid_node_move (township_id, node_id, from_parent_id, to_parent_id, moved_by)
      values (new.township_id, new.id, old.parent_id, new.parent_id, app.user_id());
  end if;
  return null;
end
$$;


--
-- Name: grid_node_within(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_node_within(p_node bigint, p_ancestor bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  with recursive up (id, parent_id) as (
    select g.id, g.parent_id from grid_node g where g.id = p_node
    union all
    select g.id, g.parent_id from grid_node g join up on g.id = up.parent_id)
  select exists (select 1 from up where up.id = p_ancestor)
$$;


--
-- Name: grid_subtrees_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_subtrees_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.grid_subtrees_refresh(array(select distinct township_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.grid_subtrees_refresh(array(select distinct township_id from old_rows));
  else
    perform app.grid_subtrees_refresh(array(select township_id from old_rows
                                            union select township_id from new_rows));
  end if;
  return null;
end
$$;


--
-- Name: grid_subtree; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_subtree (
    node_id bigint NOT NULL,
    township_id bigint NOT NULL,
    ids bigint[] NOT NULL
);

ALTER TABLE ONLY public.grid_subtree FORCE ROW LEVEL SECURITY;


--
-- Name: grid_subtrees_computed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_subtrees_computed() RETURNS SETOF public.grid_subtree
    LANGUAGE sql STABLE
    AS $$
  select n.id, n.township_id,
         array(select g.id from grid_node g
                where g.township_id = n.township_id
                  and (g.id = n.id or g.parent_id = n.id or n.level = 1)
                order by g.id)
    from grid_node n
$$;


--
-- Name: grid_subtrees_differing(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_subtrees_differing() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select coalesce(k.node_id, n.node_id)
    from grid_subtree k full join app.grid_subtrees_computed() n on n.node_id = k.node_id
   where k is distinct from n
$$;


--
-- Name: grid_subtrees_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_subtrees_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  delete from grid_subtree;
  insert into grid_subtree select * from app.grid_subtrees_computed();
end
$$;


--
-- Name: grid_subtrees_refresh(bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_subtrees_refresh(p_townships bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  insert into grid_subtree as k
  select n.* from app.grid_subtrees_computed() n where n.township_id = any (p_townships)
   order by n.node_id
  on conflict (node_id) do update
    set township_id = excluded.township_id, ids = excluded.ids
  where k.ids <> excluded.ids or k.township_id <> excluded.township_id;
  delete from grid_subtree k
   where k.township_id = any (p_townships)
     and not exists (select 1 from grid_node g where g.id = k.node_id);
end
$$;


--
-- Name: grid_tree(bigint, bigint, boolean); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.grid_tree(p_township_id bigint, p_node_id bigint, p_counts boolean) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  return (
    with recursive
     town as (select coalesce(p_township_id, (select g.township_id from grid_node g
                                            where g.id = p_node_id)) as id),
     nodes as (select j.id, j.parent_id, j.position, j.json
                 from app.grid_node_json j, town where j.township_id = town.id),
     closure (ancestor, id) as (
       select id, id from nodes where p_counts
       union all
       select c.ancestor, n.id from closure c join nodes n on n.parent_id = c.id),
     per_node as (
       select x.grid_node_id as id, sum(x.enterprises)::bigint as enterprises,
              sum(x.open)::bigint as open, sum(x.overdue)::bigint as overdue
         from (select e.grid_node_id, count(*) as enterprises, 0 as open, 0 as overdue
                 from enterprise e, town
                where e.township_id = town.id and p_counts group by e.grid_node_id
               union all
               select t.grid_node_id, 0, sum(t.n), 0 from hazard_tally t, town
                where t.township_id = town.id and t.status in ('reported', 'rectifying')
                  and p_counts group by t.grid_node_id
               union all
               select h.grid_node_id, 0, 0, count(*) from hazard h, town
                where h.township_id = town.id and h.status in ('reported', 'rectifying')
                  and h.deadline < (select app.today()) and p_counts
                group by h.grid_node_id) x
        group by x.grid_node_id),
     rolled as (
       select c.ancestor as id, sum(p.enterprises) as enterprise_count,
              sum(p.open) as open_count, sum(p.overdue) as overdue_count
         from closure c join per_node p on p.id = c.id group by c.ancestor),
     shaped as (
       select n.id, n.parent_id, n.position,
              n.json || case when p_counts
                             then jsonb_build_object('enterprise_count', coalesce(k.enterprise_count, 0),
                                                     'open_hazard_count', coalesce(k.open_count, 0),
                                                     'overdue_hazard_count', coalesce(k.overdue_count, 0))
                             else '{}' end as json
         from nodes n left join rolled k on k.id = n.id)
    select r.json || jsonb_build_object('children', coalesce((
             select jsonb_agg(a.json || jsonb_build_object('children', coalesce((
                      select jsonb_agg(v.json || '{"children": []}' order by v.position, v.id)
                        from shaped v where v.parent_id = a.id), '[]'))
                    order by a.position, a.id)
               from shaped a where a.parent_id = r.id), '[]'))
      from shaped r
     where case when p_node_id is null then r.parent_id is null else r.id = p_node_id end);
end
$$;


--
-- Name: hazard_card; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard_card (
    hazard_id bigint NOT NULL,
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    head text NOT NULL,
    ident text NOT NULL,
    body text NOT NULL,
    tail text NOT NULL
);

ALTER TABLE ONLY public.hazard_card FORCE ROW LEVEL SECURITY;


--
-- Name: hazard_card_json(public.hazard_card, text, bigint, text, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_card_json(c public.hazard_card, p_source text, p_tip_id bigint, p_status text, p_deadline date) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select c.head || to_json(app.hazard_source_shown(p_source))::text
      || c.ident || coalesce(app.hazard_tip_id_shown(p_tip_id)::text, 'null')
      || c.body || case when app.hazard_overdue(p_status, p_deadline) then 'true' else 'false' end
      || c.tail
$$;


--
-- Name: hazard_cards_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'DELETE' then
    delete from hazard_card k using old_rows o where k.hazard_id = o.id;
  else
    perform app.hazard_cards_refresh(array(select id from new_rows));
  end if;
  return null;
end
$$;


--
-- Name: hazard_cards_computed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_computed() RETURNS SETOF public.hazard_card
    LANGUAGE sql STABLE
    AS $$
  select h.id, h.township_id, h.enterprise_id,
         left(to_json(a)::text, -1) || ',"source":',
         ',' || substr(left(to_json(b)::text, -1), 2) || ',"tip_id":',
         ',' || substr(left(to_json(c)::text, -1), 2) || ',"overdue":',
         ',' || substr(to_json(d)::text, 2)
    from hazard h
   cross join lateral (
     select h.id, h.township_id, h.enterprise_id,
            (select e.name from enterprise e
              where e.township_id = h.township_id and e.id = h.enterprise_id) as enterprise_name,
            h.grid_node_id, h.sector_id, h.campaign_id) a
   cross join lateral (
     select h.inspection_id, h.item_id,
            (select i.code from checklist_item i where i.id = h.item_id) as item_code) b
   cross join lateral (
     select h.description, h.severity, h.mode, h.measure, h.deadline, h.responsible_user_id,
            (select u.display_name from app_user u
              where u.township_id = h.township_id and u.id = h.responsible_user_id) as responsible_name,
            h.five_items, h.status) c
   cross join lateral (
     select h.submitted_by, h.closed_at, h.created_by, h.created_at, h.updated_at, h.version,
            coalesce((select json_agg(json_build_object('id', x.id, 'tag', x.tag,
                                                        'url', '/api/v1/attachments/' || x.id) order by x.id)
                        from attachment x
                       where x.township_id = h.township_id and x.entity_type = 'hazard'
                         and x.entity_id = h.id), '[]') as photos) d
$$;


--
-- Name: hazard_cards_differing(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_differing() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
  select coalesce(k.hazard_id, n.hazard_id)
    from hazard_card k full join app.hazard_cards_computed() n on n.hazard_id = k.hazard_id
   where k is distinct from n
$$;


--
-- Name: hazard_cards_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
begin
  delete from hazard_card;
  insert into hazard_card select * from app.hazard_cards_computed();
end
$$;


--
-- Name: hazard_cards_refresh(bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_refresh(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into hazard_card as k
  select n.* from app.hazard_cards_computed() n where n.hazard_id = any (p_ids)
   order by n.hazard_id
  on conflict (hazard_id) do update
    set township_id = excluded.township_id, enterprise_id = excluded.enterprise_id,
        head = excluded.head, ident = excluded.ident, body = excluded.body, tail = excluded.tail;
  delete from hazard_card k
   where k.hazard_id = any (p_ids) and not exists (select 1 from hazard h where h.id = k.hazard_id);
end
$$;


--
-- Name: hazard_cards_renamed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_cards_renamed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'enterprise' then
    perform app.hazard_cards_refresh(array(
      select h.id from hazard h where h.township_id = new.township_id and h.enterprise_id = new.id));
  elsif tg_table_name = 'app_user' then
    perform app.hazard_cards_refresh(array(
      select h.id from hazard h where h.township_id = new.township_id and h.responsible_user_id = new.id));
  elsif tg_table_name = 'checklist_item' then
    if exists (select 1 from checklist c where c.id = new.checklist_id and c.status <> 'draft') then
      perform app.hazard_cards_refresh(array(select h.id from hazard h where h.item_id = new.id));
    end if;
  else   -- attachment: a hazard's photo, before or after the change (old is null
         -- in an insert's trigger, new in a delete's)
    perform app.hazard_cards_refresh(array(
      select distinct x.entity_id
        from (values (old.entity_type, old.entity_id), (new.entity_type, new.entity_id)) x (entity_type, entity_id)
       where x.entity_type = 'hazard'));
  end if;
  return null;
end
$$;


--
-- Name: hazard_due_deadline(text, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_due_deadline(p_status text, p_deadline date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select case when p_status in ('reported', 'rectifying') then p_deadline end $$;


--
-- Name: hazard_event_note_shown(text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_event_note_shown(p_note text, p_action text, p_source text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select case when p_action = 'report' and p_source = 'tip' and app.tip_hidden() then null
                    else p_note end $$;


--
-- Name: hazard_event_notify(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_event_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  h hazard;
begin
  select * into h from hazard where township_id = new.township_id and id = new.hazard_id;
  perform app.notify(new.township_id,
                     array[h.submitted_by, h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
                     'hazard_rejected', 'hazard', h.id, '隐患整改被退回',
                     '隐患' || app.notify_quote(h.description) || '的整改未通过验收，退回原因：'
                     || coalesce(nullif(new.note, ''), '未说明') || '。');
  return null;
end
$$;


--
-- Name: hazard_extend(bigint, date, text, integer); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_extend(p_id bigint, p_deadline date, p_reason text, p_version integer) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  h hazard;
begin
  select * into h from hazard where id = p_id for update;
  if not found then
    raise exception '隐患不存在' using errcode = 'SG404';
  end if;
  if h.version <> p_version then
    return null;
  end if;
  if h.status not in ('reported', 'rectifying') then
    raise exception '只有未报送整改的隐患可以延期' using errcode = 'SG409';
  end if;
  if h.mode = 'immediate' then
    raise exception '立即整改的隐患没有期限，不能延期' using errcode = 'SG409';
  end if;
  if p_deadline <= h.deadline then
    raise exception '延期后的期限须晚于原期限（%）', h.deadline using errcode = 'SG422', column = 'deadline';
  end if;
  perform set_config('app.hazard_extension', 'on', true);
  update hazard set deadline = p_deadline where id = p_id;
  perform set_config('app.hazard_extension', 'off', true);
  insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id, note,
                            deadline_from, deadline_to)
  values (h.township_id, h.id, 'extend', h.status, h.status, app.user_id(), p_reason,
          h.deadline, p_deadline);
  return p_id;
end
$$;


--
-- Name: hazard_listed_orders(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_listed_orders(p_township_id bigint, p_hazard_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'state', o.state,
                                               'deadline', o.deadline) order by o.id), '[]')
    from supervision_order_hazard l
    join supervision_order o on o.township_id = l.township_id and o.id = l.order_id
   where l.township_id = p_township_id and l.hazard_id = p_hazard_id and o.listed
  );
end
$$;


--
-- Name: hazard_notify(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  due text := coalesce(to_char(new.deadline, 'YYYY-MM-DD'), '未定');
begin
  if tg_op = 'INSERT' then
    perform app.notify(new.township_id,
                       array[new.responsible_user_id] || app.enterprise_users(new.township_id, new.enterprise_id),
                       'hazard_assigned', 'hazard', new.id, '新隐患待整改',
                       '隐患' || app.notify_quote(new.description) || '已交由您（单位）整改，整改期限：' || due || '。');
  elsif new.responsible_user_id is distinct from old.responsible_user_id and new.responsible_user_id is not null then
    perform app.notify(new.township_id, array[new.responsible_user_id],
                       'hazard_assigned', 'hazard', new.id, '隐患整改责任人变更',
                       '隐患' || app.notify_quote(new.description) || '的整改责任人已改为您，整改期限：' || due || '。');
  end if;
  return null;
end
$$;


--
-- Name: user_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.user_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('app.user_id', true), '')::bigint $$;


--
-- Name: hazard_open(jsonb, bigint, text, bigint, bigint, bigint, text, bigint[], bigint, timestamp with time zone); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_open(p jsonb, p_enterprise_id bigint, p_source text, p_inspection_id bigint DEFAULT NULL::bigint, p_item_id bigint DEFAULT NULL::bigint, p_tip_id bigint DEFAULT NULL::bigint, p_note text DEFAULT NULL::text, p_attachment_ids bigint[] DEFAULT '{}'::bigint[], p_actor_id bigint DEFAULT app.user_id(), p_at timestamp with time zone DEFAULT now()) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  made bigint;
  photos bigint[] := p_attachment_ids;
begin
  insert into hazard (township_id, enterprise_id, grid_node_id, sector_id, campaign_id, source,
                      inspection_id, item_id, tip_id, description, severity, mode, measure,
                      deadline, responsible_user_id, five_items, created_by, created_at, updated_at)
  select e.township_id, e.id, coalesce((p->>'grid_node_id')::bigint, e.grid_node_id),
         coalesce((p->>'sector_id')::bigint, e.sector_id), (p->>'campaign_id')::bigint, p_source,
         p_inspection_id, p_item_id, p_tip_id, p->>'description', p->>'severity', p->>'mode',
         nullif(p->>'measure', ''), (p->>'deadline')::date, (p->>'responsible_user_id')::bigint,
         case when jsonb_typeof(p->'five_items') = 'object' then p->'five_items' end,
         p_actor_id, p_at, p_at
    from enterprise e
   where e.id = p_enterprise_id
  returning id into made;
  if made is null then
    return null;
  end if;
  -- A tip's photo becomes the hazard's first "before" photo.
  if p_tip_id is not null then
    with copied as (
      insert into attachment (township_id, sha256, content_type, size, file_name, tag,
                              entity_type, entity_id, uploaded_by)
      select a.township_id, a.sha256, a.content_type, a.size, a.file_name, 'before',
             'hazard', made, p_actor_id
        from tip t join attachment a on a.township_id = t.township_id and a.id = t.photo_attachment_id
       where t.id = p_tip_id
      returning id)
    select photos || coalesce(array_agg(id), '{}') into photos from copied;
  end if;
  insert into hazard_event (township_id, hazard_id, action, from_status, to_status, actor_id,
                            note, attachment_ids, deadline_to, at)
  select h.township_id, h.id, 'report', null, h.status, p_actor_id, p_note, photos, h.deadline, p_at
    from hazard h where h.id = made;
  return made;
end
$$;


--
-- Name: hazard_overdue(text, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_overdue(p_status text, p_deadline date) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select p_status in ('reported', 'rectifying') and coalesce(p_deadline < app.today(), false) $$;


--
-- Name: hazard_reminders_owed(text, date, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_reminders_owed(p_kind text, p_from date, p_to date) RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select distinct h.id
    from township t
    join hazard h on h.township_id = t.id   -- per township: hazard_overdue_by
    cross join lateral (select h.responsible_user_id
                        union all
                        select x from app.enterprise_user_ids(h.township_id, h.enterprise_id) x) r (user_id)
    join app_user u on u.id = r.user_id and app.notification_reaches(u, h.township_id)
   where h.status in ('reported', 'rectifying') and h.deadline between p_from and p_to
     and not exists (select 1 from notification n
                      where n.user_id = u.id and n.kind = p_kind and n.subject_type = 'hazard'
                        and n.subject_id = h.id and n.reminder_day = h.deadline)
$$;


--
-- Name: hazard_rules(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  by_app boolean := current_user = 'safegrid_app';
  extending boolean := coalesce(current_setting('app.hazard_extension', true), '') = 'on';
  was_overdue boolean;
begin
  if (new.severity = 'major') <> (new.mode = 'major') then
    raise exception '重大隐患按重大隐患方式整改（mode major），一般隐患不能选此方式'
      using errcode = 'SG422', column = 'mode';
  end if;
  if new.mode = 'immediate' then
    new.deadline := null;
  elsif new.deadline is null then
    raise exception '除立即整改（mode immediate）外，隐患须有整改期限'
      using errcode = 'SG422', column = 'deadline';
  end if;
  if tg_op = 'UPDATE' and new.deadline is not distinct from old.deadline then
    return new;
  end if;
  if by_app and new.deadline < app.today() then
    raise exception '整改期限不能早于今天（%）', app.today()
      using errcode = 'SG422', column = 'deadline';
  end if;
  if tg_op = 'UPDATE' and by_app and old.deadline is not null and new.deadline is not null then
    was_overdue := app.hazard_overdue(old.status, old.deadline);
    if was_overdue and app.role() is distinct from 'committee' then
      raise exception '隐患已逾期，只有指挥部可以批准延期'
        using errcode = 'SG403', column = 'deadline';
    end if;
    if not extending and (was_overdue or old.status <> 'reported') then
      raise exception '整改开始后或逾期后，期限只能通过延期变更（写明理由）'
        using errcode = 'SG409', column = 'deadline';
    end if;
  end if;
  return new;
end
$$;


--
-- Name: hazard_source_shown(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_source_shown(p_source text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select case when p_source = 'tip' and app.tip_hidden() then 'registration' else p_source end $$;


--
-- Name: hazard_status_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_status_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if new.status is not distinct from old.status then
    return new;
  end if;
  if not ((old.status, new.status) in (('reported', 'rectifying'), ('reported', 'closed'),
                                       ('rectifying', 'submitted'), ('submitted', 'closed'),
                                       ('submitted', 'rectifying'), ('closed', 'rectifying'))) then
    raise exception 'a hazard cannot go from % to %', old.status, new.status using errcode = 'SG409';
  end if;
  if old.status = 'reported' and new.status = 'closed' and old.mode <> 'immediate' then
    raise exception 'only a hazard rectified on the spot is closed without rectification'
      using errcode = 'SG409';
  end if;
  if old.status = 'reported' and new.severity = 'major' and not app.five_items_complete(new.five_items) then
    raise exception 'a major hazard needs its five items before rectification starts'
      using errcode = 'SG422', column = 'five_items';
  end if;
  if new.status = 'closed' and new.severity = 'major' and app.role() is distinct from 'committee'
     and current_user = 'safegrid_app' then
    raise exception 'only the committee closes a major hazard' using errcode = 'SG403';
  end if;
  new.closed_at := case when new.status = 'closed' then now() end;
  return new;
end
$$;


--
-- Name: hazard_tallies_apply(app.hazard_delta[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_tallies_apply(p_delta app.hazard_delta[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  insert into hazard_tally as t (township_id, status, sector_id, grid_node_id, severity, n)
  select township_id, status, sector_id, grid_node_id, severity, sum(n)
    from unnest(p_delta)
   group by 1, 2, 3, 4, 5
  having sum(n) <> 0
   order by 1, 2, 3, 4, 5
  on conflict (township_id, status, sector_id, grid_node_id, severity)
  do update set n = t.n + excluded.n;

  insert into hazard_due_count as t (township_id, status, deadline, n)
  select township_id, status, app.hazard_due_deadline(status, deadline), sum(n)
    from unnest(p_delta)
   group by 1, 2, 3
  having sum(n) <> 0
   order by 1, 2, 3
  on conflict (township_id, status, deadline)
  do update set n = t.n + excluded.n;

  insert into hazard_day as t (township_id, day, sector_id, grid_node_id, found, closed)
  select d.township_id, d.day, d.sector_id, d.grid_node_id, sum(d.found), sum(d.closed)
    from (select township_id, (created_at at time zone 'Asia/Shanghai')::date as day,
                 sector_id, grid_node_id, n as found, 0 as closed
            from unnest(p_delta)
          union all
          select township_id, (closed_at at time zone 'Asia/Shanghai')::date,
                 sector_id, grid_node_id, 0, n
            from unnest(p_delta) where closed_at is not null) d
   group by 1, 2, 3, 4
  having sum(d.found) <> 0 or sum(d.closed) <> 0
   order by 1, 2, 3, 4
  on conflict (township_id, day, sector_id, grid_node_id)
  do update set found = t.found + excluded.found, closed = t.closed + excluded.closed;
end
$$;


--
-- Name: hazard_tallies_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_tallies_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, 1)::app.hazard_delta from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, -1)::app.hazard_delta from old_rows));
  else
    -- Only the rows whose key moved (a transition, an extension, a move).
    perform app.hazard_tallies_apply(array(
      select d from old_rows o join new_rows w on w.id = o.id,
             lateral (values (row(o.township_id, o.sector_id, o.grid_node_id, o.status, o.severity, o.deadline,
                                  o.created_at, o.closed_at, -1)::app.hazard_delta),
                             (row(w.township_id, w.sector_id, w.grid_node_id, w.status, w.severity, w.deadline,
                                  w.created_at, w.closed_at, 1)::app.hazard_delta)) v (d)
       where (o.township_id, o.sector_id, o.grid_node_id, o.status, o.severity, o.deadline, o.created_at, o.closed_at)
             is distinct from
             (w.township_id, w.sector_id, w.grid_node_id, w.status, w.severity, w.deadline, w.created_at, w.closed_at)));
  end if;
  return null;
end
$$;


--
-- Name: hazard_tip_id_shown(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.hazard_tip_id_shown(p_tip_id bigint) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select case when app.tip_hidden() then null else p_tip_id end $$;


--
-- Name: idempotency_claim(text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.idempotency_claim(p_key text, p_fingerprint text) RETURNS TABLE(status integer, content_type text, headers text, body bytea, same_request boolean)
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  delete from idempotency_key k
   where k.user_id = app.user_id() and k.created_at < now() - interval '24 hours';
  insert into idempotency_key (user_id, key, fingerprint)
    values (app.user_id(), p_key, p_fingerprint)
    on conflict do nothing;
  if found then
    return;
  end if;
  return query select k.status, k.content_type, k.headers, k.body, k.fingerprint = p_fingerprint
    from idempotency_key k where k.user_id = app.user_id() and k.key = p_key;
end
$$;


--
-- Name: inspection_cards_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'inspection' then
    if tg_op = 'DELETE' then
      delete from inspection_card k using old_rows o where k.inspection_id = o.id;
    else
      perform app.inspection_cards_refresh(array(select id from new_rows));
    end if;
  elsif tg_op = 'DELETE' then   -- inspection_tally
    perform app.inspection_cards_refresh(array(select inspection_id from old_rows));
  else
    perform app.inspection_cards_refresh(array(select inspection_id from new_rows));
  end if;
  return null;
end
$$;


--
-- Name: inspection_card; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inspection_card (
    inspection_id bigint NOT NULL,
    township_id bigint NOT NULL,
    json text NOT NULL
);

ALTER TABLE ONLY public.inspection_card FORCE ROW LEVEL SECURITY;


--
-- Name: inspection_cards_computed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_computed() RETURNS SETOF public.inspection_card
    LANGUAGE sql STABLE
    AS $$
  select i.id, i.township_id,
         jsonb_build_object(
           'id', i.id, 'township_id', i.township_id, 'enterprise_id', i.enterprise_id,
           'enterprise_name', (select e.name from enterprise e
                                where e.township_id = i.township_id and e.id = i.enterprise_id),
           'campaign_id', i.campaign_id, 'checklist_id', i.checklist_id,
           'checklist', (select jsonb_build_object('code', c.code, 'version', c.version, 'name', c.name)
                           from checklist c where c.id = i.checklist_id),
           'kind', i.kind, 'inspected_on', i.inspected_on, 'inspector_ids', to_jsonb(i.inspector_ids),
           'inspectors', coalesce((select jsonb_agg(jsonb_build_object('id', u.id, 'display_name', u.display_name)
                                                   order by array_position(i.inspector_ids, u.id))
                                     from app_user u
                                    where u.township_id = i.township_id and u.id = any (i.inspector_ids)), '[]'),
           'note', i.note, 'status', i.status, 'created_by', i.created_by,
           'submitted_by', i.submitted_by, 'submitted_at', i.submitted_at,
           'counts', jsonb_build_object(
                       'items', (select count(*) from checklist_item x where x.checklist_id = i.checklist_id),
                       'ok', coalesce(r.ok, 0), 'hazard', coalesce(r.hazard, 0), 'na', coalesce(r.na, 0)),
           'version', i.version, 'created_at', i.created_at, 'updated_at', i.updated_at)::text
    from inspection i
    left join inspection_tally r on r.township_id = i.township_id and r.inspection_id = i.id
$$;


--
-- Name: inspection_cards_differing(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_differing() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
  select coalesce(k.inspection_id, n.inspection_id)
    from inspection_card k full join app.inspection_cards_computed() n on n.inspection_id = k.inspection_id
   where k is distinct from n
$$;


--
-- Name: inspection_cards_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
begin
  delete from inspection_card;
  insert into inspection_card select * from app.inspection_cards_computed();
end
$$;


--
-- Name: inspection_cards_refresh(bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_refresh(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into inspection_card as k
  select n.* from app.inspection_cards_computed() n where n.inspection_id = any (p_ids)
   order by n.inspection_id
  on conflict (inspection_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json is distinct from excluded.json or k.township_id <> excluded.township_id;
  delete from inspection_card k
   where k.inspection_id = any (p_ids)
     and not exists (select 1 from inspection i where i.id = k.inspection_id);
end
$$;


--
-- Name: inspection_cards_renamed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_cards_renamed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'enterprise' then
    perform app.inspection_cards_refresh(array(
      select i.id from inspection i where i.township_id = new.township_id and i.enterprise_id = new.id));
  elsif tg_table_name = 'app_user' then
    perform app.inspection_cards_refresh(array(
      select i.id from inspection i where i.township_id = new.township_id and new.id = any (i.inspector_ids)));
  elsif new.status <> 'draft' then   -- checklist
    perform app.inspection_cards_refresh(array(select i.id from inspection i where i.checklist_id = new.id));
  end if;
  return null;
end
$$;


--
-- Name: inspection_open_hazards(bigint, bigint, timestamp with time zone); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint, p_at timestamp with time zone DEFAULT now()) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  item record;
begin
  for item in
    select i.enterprise_id, i.campaign_id, x.id as item_id, x.default_severity,
           left(x.text || coalesce('：' || r.note, ''), 2000) as description,
           case when x.default_severity = 'major' then 'major' else coalesce(r.mode, 'deadline') end as mode,
           r.measure, r.deadline, i.inspected_on
      from inspection i
      join inspection_result r on r.township_id = i.township_id and r.inspection_id = i.id
                              and r.result = 'hazard'
      join checklist_item x on x.id = r.item_id
     where i.id = p_inspection_id and i.status = 'submitted'
       and not exists (select 1 from hazard h where h.inspection_id = i.id and h.item_id = x.id)
     order by x.position
  loop
    perform app.hazard_open(
      jsonb_build_object('description', item.description, 'severity', item.default_severity,
                         'mode', item.mode, 'measure', item.measure, 'campaign_id', item.campaign_id,
                         'deadline', case when item.mode <> 'immediate' then
                           coalesce(item.deadline,
                                    item.inspected_on + case when item.mode = 'major' then 30 else 15 end)
                         end),
      item.enterprise_id, 'inspection', p_inspection_id, item.item_id,
      p_actor_id => p_actor_id, p_at => p_at);
  end loop;
end
$$;


--
-- Name: inspection_submitted_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_submitted_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'inspection' then
    if old.status = 'submitted' then
      raise exception 'the inspection is submitted and can no longer change' using errcode = 'SG409';
    end if;
    return new;
  end if;
  if exists (select 1 from inspection i
              where i.township_id = coalesce(new.township_id, old.township_id)
                and i.id = coalesce(new.inspection_id, old.inspection_id)
                and i.status = 'submitted') then
    raise exception 'the inspection is submitted and can no longer change' using errcode = 'SG409';
  end if;
  return coalesce(new, old);
end
$$;


--
-- Name: inspection_tallies_apply(app.inspection_delta[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_tallies_apply(p_delta app.inspection_delta[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  with d as (
    select township_id, enterprise_id, sum(n)::integer as n from unnest(p_delta)
     group by 1, 2 having sum(n) <> 0),
  moved as (
    insert into inspected_enterprise as t (township_id, enterprise_id, inspections)
    select township_id, enterprise_id, n from d order by 1, 2
    on conflict (township_id, enterprise_id) do update set inspections = t.inspections + excluded.inspections
    returning t.township_id, t.enterprise_id, t.inspections),
  per as (
    select m.township_id,
           count(*) filter (where m.inspections - d.n <= 0 and m.inspections > 0)
           - count(*) filter (where m.inspections - d.n > 0 and m.inspections <= 0) as n
      from moved m join d using (township_id, enterprise_id) group by 1)
  insert into township_tally as t (township_id, inspected_enterprises)
  select township_id, n from per where n <> 0 order by 1
  on conflict (township_id) do update set inspected_enterprises = t.inspected_enterprises + excluded.inspected_enterprises;
end
$$;


--
-- Name: inspection_tallies_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_tallies_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, 1)::app.inspection_delta from new_rows where status = 'submitted'));
  elsif tg_op = 'DELETE' then
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, -1)::app.inspection_delta from old_rows where status = 'submitted'));
  else
    perform app.inspection_tallies_apply(array(
      select d from old_rows o join new_rows w on w.id = o.id,
             lateral (values (row(o.township_id, o.enterprise_id, case when o.status = 'submitted' then -1 else 0 end)::app.inspection_delta),
                             (row(w.township_id, w.enterprise_id, case when w.status = 'submitted' then 1 else 0 end)::app.inspection_delta)) v (d)
       where (o.township_id, o.enterprise_id, o.status) is distinct from (w.township_id, w.enterprise_id, w.status)));
  end if;
  return null;
end
$$;


--
-- Name: inspection_tally_apply(app.result_delta[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_tally_apply(p_delta app.result_delta[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if cardinality(p_delta) = 0 then
    return;   -- a write that moved no key (an edit of the text, say)
  end if;
  insert into inspection_tally as t (township_id, inspection_id, ok, hazard, na)
  select d.township_id, d.inspection_id,
         coalesce(sum(d.n) filter (where d.result = 'ok'), 0),
         coalesce(sum(d.n) filter (where d.result = 'hazard'), 0),
         coalesce(sum(d.n) filter (where d.result = 'na'), 0)
    from unnest(p_delta) d
   -- not an inspection deleted with its results (the cascade removed its row)
   where exists (select 1 from inspection i where i.township_id = d.township_id and i.id = d.inspection_id)
   group by 1, 2
  having coalesce(sum(d.n) filter (where d.result = 'ok'), 0) <> 0
      or coalesce(sum(d.n) filter (where d.result = 'hazard'), 0) <> 0
      or coalesce(sum(d.n) filter (where d.result = 'na'), 0) <> 0
   order by 1, 2
  on conflict (township_id, inspection_id)
  do update set ok = t.ok + excluded.ok, hazard = t.hazard + excluded.hazard, na = t.na + excluded.na;
end
$$;


--
-- Name: inspection_tally_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.inspection_tally_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.inspection_tally_apply(array(
      select row(township_id, inspection_id, result, 1)::app.result_delta from new_rows));
  elsif tg_op = 'DELETE' then
    perform app.inspection_tally_apply(array(
      select row(township_id, inspection_id, result, -1)::app.result_delta from old_rows));
  else
    perform app.inspection_tally_apply(array(
      select d from old_rows o join new_rows w
               on w.township_id = o.township_id and w.inspection_id = o.inspection_id and w.item_id = o.item_id,
             lateral (values (row(o.township_id, o.inspection_id, o.result, -1)::app.result_delta),
                             (row(w.township_id, w.inspection_id, w.result, 1)::app.result_delta)) v (d)
       where o.result is distinct from w.result));
  end if;
  return null;
end
$$;


--
-- Name: is_committee_of(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.is_committee_of(p_township_id bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select app.role() = 'committee' and p_township_id = app.township_id() $$;


--
-- Name: json_ids(jsonb); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.json_ids(p_list jsonb) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  select case
    when p_list is null or jsonb_typeof(p_list) = 'null' then '{}'::bigint[]
    when jsonb_typeof(p_list) <> 'array' then null
    when exists (select 1 from jsonb_array_elements(p_list) e
                  where jsonb_typeof(e) <> 'number' or e::text !~ '^[1-9][0-9]{0,17}$') then null
    else (select coalesce(array_agg(distinct e::text::bigint), '{}') from jsonb_array_elements(p_list) e)
  end
$_$;


--
-- Name: login_application_decided(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.login_application_decided() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if old.status <> 'pending'
     and row(new.status, new.reason, new.enterprise_id, new.user_id, new.decided_by, new.decided_at)
         is distinct from
         row(old.status, old.reason, old.enterprise_id, old.user_id, old.decided_by, old.decided_at) then
    raise exception '该申请已处理' using errcode = 'SG409';
  end if;
  return new;
end
$$;


--
-- Name: login_apply(bigint, text, text, text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.login_apply(p_township_id bigint, p_credit_code text, p_name text, p_legal_representative text, p_mobile text, p_client_addr text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  recent record;
begin
  select count(*) as n, min(a.created_at) as first into recent from login_application a
   where a.client_addr = coalesce(p_client_addr, '') and a.created_at > now() - interval '1 hour';
  if recent.n >= 5 then
    return greatest(1, ceil(extract(epoch from recent.first + interval '1 hour' - now())))::int;
  end if;
  if not exists (select 1 from township t where t.id = p_township_id and t.active) then
    raise exception '没有这个乡镇' using errcode = 'SG422', column = 'township_id';
  end if;
  insert into login_application (township_id, credit_code, name, legal_representative, mobile,
                                 client_addr)
    values (p_township_id, p_credit_code, p_name, p_legal_representative, p_mobile,
            coalesce(p_client_addr, ''));
  return 0;
end
$$;


--
-- Name: login_lookup(text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.login_lookup(p_username text, p_client_addr text) RETURNS TABLE(user_id bigint, password_hash text, retry_after integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  window_start timestamptz := now() - interval '15 minutes';
  last_ok timestamptz;
  by_pair record;
  by_addr record;
begin
  select max(a.at) into last_ok from login_attempt a
   where a.username = lower(p_username) and a.ok and a.at > window_start;
  select count(*) as n, min(a.at) as first into by_pair from login_attempt a
   where a.username = lower(p_username) and a.client_addr = coalesce(p_client_addr, '')
     and not a.ok and a.at > greatest(window_start, coalesce(last_ok, window_start));
  select count(*) as n, min(a.at) as first into by_addr from login_attempt a
   where a.client_addr = coalesce(p_client_addr, '') and not a.ok and a.at > window_start;
  if by_pair.n >= 4 or by_addr.n >= 20 then
    return query select null::bigint, null::text,
      greatest(1, ceil(extract(epoch from
        (case when by_pair.n >= 4 then by_pair.first else by_addr.first end)
        + interval '15 minutes' - now())))::int;
    return;
  end if;
  return query select u.id, u.password_hash, 0 from app_user u
    where u.username = lower(p_username) and u.active;
  if not found then
    return query select null::bigint, null::text, 0;
  end if;
end
$$;


--
-- Name: login_prune(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.login_prune() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  delete from login_attempt a
   where a.id = any (array(select x.id from login_attempt x
                   where x.id <= (select max(f.id) from (select id from login_attempt
                                                           order by id limit 100) f)
                     and x.at < now() - interval '1 day'
                     for update skip locked));
  delete from session s
   where s.id = any (array(select x.id from session x
                   where x.id <= (select max(f.id) from (select id from session
                                                           order by id limit 100) f)
                     and (x.ended_at < now() - interval '30 days'
                          or x.last_seen_at < now() - interval '31 days'
                          or x.created_at < now() - interval '91 days')
                     for update skip locked));
  return null;
end
$$;


--
-- Name: login_record(text, bigint, boolean, text, text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.login_record(p_username text, p_user_id bigint, p_ok boolean, p_token_hash text, p_csrf_token text, p_client_addr text, p_user_agent text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  u app_user;
  sid bigint;
begin
  insert into login_attempt (username, client_addr, ok)
    values (left(lower(p_username), 64), coalesce(p_client_addr, ''), p_ok);
  select * into u from app_user where id = p_user_id;
  if not p_ok then
    perform app.audit('auth.login_failed', 'app_user', u.id, u.township_id, null,
                      jsonb_build_object('username', left(p_username, 64)), u.id, u.county_id);
    return null;
  end if;
  insert into session (user_id, token_hash, csrf_token, client_addr, user_agent)
    values (u.id, p_token_hash, p_csrf_token, p_client_addr, left(p_user_agent, 300))
    returning id into sid;
  perform set_config('app.user_id', u.id::text, true),
          set_config('app.role', u.role, true),
          set_config('app.township_id', coalesce(u.township_id::text, ''), true),
          set_config('app.county_id', u.county_id::text, true),
          set_config('app.enterprise_id', coalesce(u.enterprise_id::text, ''), true),
          set_config('app.townships', case when u.role = 'county_admin'
            then (select coalesce(array_agg(id order by id), '{}') from township
                   where county_id = u.county_id)::text
            else array[u.township_id]::text end, true);
  perform app.audit('auth.login', 'session', sid, u.township_id, null,
                    jsonb_build_object('user_id', u.id), u.id, u.county_id);
  return sid;
end
$$;


--
-- Name: make_reminders(timestamp with time zone); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.make_reminders(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  today date := (p_now at time zone 'Asia/Shanghai')::date;
  made integer := 0;
begin
  -- One pass at a time: a second waits, then finds the first's reminders made.
  perform pg_advisory_xact_lock(hashtext('safegrid.make_reminders'));
  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_due_soon', 'hazard', h.id, '隐患即将到期',
           '隐患' || app.notify_quote(h.description) || '的整改期限为' || to_char(h.deadline, 'YYYY-MM-DD')
           || case when h.deadline = today then '，今天到期。' else '，还剩' || (h.deadline - today) || '天。' end,
           h.deadline)), 0)
    into made
    from hazard h
   where h.id in (select app.hazard_reminders_owed('hazard_due_soon', today, today + 2));

  select made + coalesce(sum(app.notify(h.township_id,
           array[h.responsible_user_id] || app.enterprise_users(h.township_id, h.enterprise_id),
           'hazard_overdue', 'hazard', h.id, '隐患已逾期',
           '隐患' || app.notify_quote(h.description) || '已超过整改期限' || to_char(h.deadline, 'YYYY-MM-DD')
           || '，请尽快整改。', h.deadline)), 0)
    into made
    from hazard h
   where h.id in (select app.hazard_reminders_owed('hazard_overdue', today - 7, today - 1));

  select made + coalesce(sum(app.notify(r.township_id,
           array[coalesce(r.signer_user_id, n.responsible_user_id), r.issuer_user_id],
           'letter_unsigned', 'letter', r.id, '责任书未签订',
           '「' || n.name || '」的安全生产责任书在「' || c.name || '」开始一周后仍未签订，请尽快签订。',
           c.starts_on + 7)), 0)
    into made
    from responsibility_letter r
    join campaign c on c.township_id = r.township_id and c.id = r.campaign_id
    join grid_node n on n.township_id = r.township_id and n.id = r.grid_node_id
   where r.signed_on is null and c.status = 'active' and c.starts_on + 7 <= today;

  select made + coalesce(sum(app.notify(g.township_id,
           case when g.leader_user_id is not null then array[g.leader_user_id]
                else app.recipient_users(g.township_id, 'township', g.township_id) end,
           'report_missing', 'daily_report', g.id, '今日日报未报送',
           '「' || g.name || '」截至' || to_char(t.report_cutoff, 'HH24:MI') || '尚未报送'
           || to_char(t.local_day, 'YYYY-MM-DD') || '的日报。', t.local_day)), 0)
    into made
    from (select t.id, t.report_cutoff, (p_now at time zone t.time_zone)::date as local_day
            from township t
           where t.active and (p_now at time zone t.time_zone)::time >= t.report_cutoff) t
    join working_group g on g.township_id = t.id
    join campaign c on c.township_id = g.township_id and c.id = g.campaign_id
   where c.status = 'active' and t.local_day between c.starts_on and c.ends_on
     and not exists (select 1 from daily_report d where d.township_id = g.township_id
                        and d.report_date = t.local_day and d.group_id = g.id);
  return made;
end
$$;


--
-- Name: may(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.may(p_action text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$ select exists (select 1 from app.action_role a
                        where a.action = p_action and a.role = app.role()) $$;


--
-- Name: my_password_hash(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.my_password_hash() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$ select password_hash from app_user where id = app.user_id() $$;


--
-- Name: app_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.app_user (
    id bigint NOT NULL,
    county_id bigint NOT NULL,
    township_id bigint,
    username text NOT NULL,
    display_name text NOT NULL,
    phone text,
    role text NOT NULL,
    enterprise_id bigint,
    password_hash text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    enterprise_admin boolean DEFAULT false NOT NULL,
    password_must_change boolean DEFAULT false NOT NULL,
    CONSTRAINT app_user_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 50))),
    CONSTRAINT app_user_enterprise_admin_check CHECK (((NOT enterprise_admin) OR (role = 'enterprise'::text))),
    CONSTRAINT app_user_enterprise_id_check CHECK (((role = 'enterprise'::text) = (enterprise_id IS NOT NULL))),
    CONSTRAINT app_user_phone_check CHECK ((phone ~ '^[0-9+ -]{5,20}$'::text)),
    CONSTRAINT app_user_role_check CHECK ((role = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text, 'department'::text, 'enterprise'::text]))),
    CONSTRAINT app_user_township_id_check CHECK (((role = 'county_admin'::text) = (township_id IS NULL))),
    CONSTRAINT app_user_username_check CHECK ((username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'::text))
);

ALTER TABLE ONLY public.app_user FORCE ROW LEVEL SECURITY;


--
-- Name: notification_reaches(public.app_user, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.notification_reaches(u public.app_user, p_township_id bigint) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select u.active and (u.township_id = p_township_id or u.role = 'county_admin') $$;


--
-- Name: notify(bigint, bigint[], text, text, bigint, text, text, date); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.notify(p_township_id bigint, p_user_ids bigint[], p_kind text, p_subject_type text, p_subject_id bigint, p_title text, p_body text, p_day date DEFAULT NULL::date) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  with made as (
    insert into notification (township_id, user_id, kind, subject_type, subject_id, title, body, reminder_day)
    select p_township_id, u.id, p_kind, p_subject_type, p_subject_id, p_title, left(p_body, 1000), p_day
      from app_user u
     where u.id = any (p_user_ids) and app.notification_reaches(u, p_township_id)
       and u.id is distinct from app.user_id()
     order by u.id
    on conflict do nothing
    returning *),
  queued as (
    insert into notification_outbox (township_id, notification_id, payload)
    select m.township_id, m.id,
           jsonb_build_object('notification_id', m.id, 'user_id', m.user_id, 'username', u.username,
                              'display_name', u.display_name, 'phone', u.phone,
                              'township_id', m.township_id, 'kind', m.kind, 'title', m.title, 'body', m.body,
                              'subject_type', m.subject_type, 'subject_id', m.subject_id,
                              'created_at', m.created_at)
      from made m join app_user u on u.id = m.user_id
    returning 1)
  select count(*)::int from queued
$$;


--
-- Name: notify_quote(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.notify_quote(p_text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select '「' || case when length(p_text) > 40 then left(p_text, 40) || '…' else p_text end || '」' $$;


--
-- Name: order_addressees(bigint, bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.order_addressees(p_township_id bigint, p_user_id bigint, p_grid_node_id bigint) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
#variable_conflict use_column
begin
  return (
select case when p_user_id is not null then array[p_user_id]
              else app.recipient_users(p_township_id, 'grid_node', p_grid_node_id)
                   || app.recipient_users(p_township_id, 'township', p_township_id) end
  );
end
$$;


--
-- Name: outbox_code_wipe(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.outbox_code_wipe() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if new.delivered_at is not null or new.withdrawn is not null then
    new.code := null;
  end if;
  return new;
end
$$;


--
-- Name: notification_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_outbox (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    notification_id bigint,
    delivery_id uuid DEFAULT gen_random_uuid() NOT NULL,
    payload jsonb NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    kind text DEFAULT 'notification'::text NOT NULL,
    user_id bigint,
    code text,
    expires_at timestamp with time zone,
    withdrawn text,
    withdrawn_at timestamp with time zone,
    CONSTRAINT notification_outbox_code_check CHECK ((code ~ '^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$'::text)),
    CONSTRAINT notification_outbox_code_waiting CHECK (((code IS NOT NULL) = ((kind = 'activation_code'::text) AND (delivered_at IS NULL) AND (withdrawn IS NULL)))),
    CONSTRAINT notification_outbox_kind_check CHECK ((kind = ANY (ARRAY['notification'::text, 'activation_code'::text]))),
    CONSTRAINT notification_outbox_kind_columns CHECK (
CASE kind
    WHEN 'notification'::text THEN ((notification_id IS NOT NULL) AND (user_id IS NULL) AND (expires_at IS NULL) AND (withdrawn IS NULL))
    ELSE ((notification_id IS NULL) AND (user_id IS NOT NULL) AND (expires_at IS NOT NULL))
END),
    CONSTRAINT notification_outbox_withdrawn_check CHECK ((withdrawn = ANY (ARRAY['superseded'::text, 'used'::text, 'expired'::text]))),
    CONSTRAINT notification_outbox_withdrawn_when CHECK ((((withdrawn IS NULL) = (withdrawn_at IS NULL)) AND ((withdrawn IS NULL) OR (delivered_at IS NULL))))
);

ALTER TABLE ONLY public.notification_outbox FORCE ROW LEVEL SECURITY;


--
-- Name: outbox_message(public.notification_outbox); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.outbox_message(o public.notification_outbox) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select o.payload || jsonb_build_object('delivery_id', o.delivery_id)
         || case when o.kind = 'activation_code' then jsonb_build_object(
              'code', o.code,
              'body', format('%s：贵单位的安全生产网格系统登录账号为 %s，激活码 %s，%s 前有效。'
                             '请打开 %s 输入激活码并设置密码。激活码只用一次，请勿告诉他人。',
                             o.payload->>'enterprise_name', o.payload->>'username', o.code,
                             o.payload->>'expires_on', o.payload->>'activation_url'))
            else '{}'::jsonb end
$$;


--
-- Name: pairs_mask(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.pairs_mask(p text) RETURNS TABLE(mask bigint)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select coalesce(bit_or(1::bigint << ((ascii(substr(p, i, 1)) * 31 + ascii(substr(p, i + 1, 1))) % 64)), 0)
    from generate_series(1, length(p) - 1) i
$$;


--
-- Name: pairs_mask_of(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.pairs_mask_of(p text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select m.mask from app.pairs_mask(p) m $$;


--
-- Name: password_given(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.password_given() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if new.password_hash is distinct from old.password_hash then
    new.password_must_change := current_user = 'safegrid_app'
                                and new.id is distinct from app.user_id();
  end if;
  return new;
end
$$;


--
-- Name: password_set_own(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.password_set_own(p_hash text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  update app_user set password_hash = p_hash, password_changed_at = now()
   where id = app.user_id()
$$;


--
-- Name: public_enterprise(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.public_enterprise(p_token text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  return (
  select json_build_object(
    'enterprise', json_build_object('name', e.name, 'address', e.address),
    'township', json_build_object('name', t.name),
    'cadre', (select json_build_object('display_name', u.display_name)
                from enterprise_assignment a
                join campaign c on c.id = a.campaign_id and c.status = 'active'
                join app_user u on u.id = a.user_id
               where a.township_id = e.township_id and a.enterprise_id = e.id and a.ends_on is null
               order by c.starts_on desc, a.starts_on desc, a.id desc limit 1),
    -- The township's inspections; the enterprise's own self-inspections are not counted here.
    'latest_inspection_on', (select max(i.inspected_on) from inspection i
                              where i.township_id = e.township_id and i.enterprise_id = e.id
                                and i.status = 'submitted' and i.kind <> 'self'),
    'latest_inspection', case when latest.inspected_on is not null
                              then json_build_object('inspected_on', latest.inspected_on,
                                                     'kind', latest.kind) end,
    'hazard_counts', hz.counts,
    'hazards', hz.list,
    'as_of', app.today())
    from enterprise e
    join township t on t.id = e.township_id
    left join lateral (select i.inspected_on, i.kind from inspection i
                        where i.township_id = e.township_id and i.enterprise_id = e.id
                          and i.status = 'submitted'
                        order by i.inspected_on desc, i.id desc limit 1) latest on true
    -- The open hazards and those closed in the last 90 days, in the page's
    -- order (open ones first, the soonest deadline first): all counted, the
    -- first 50 listed.
    cross join lateral (
      select json_build_object(
               'open', count(*) filter (where s.status <> 'closed'),
               'overdue', count(*) filter (where app.hazard_overdue(s.status, s.deadline)),
               'closed_recently', count(*) filter (where s.status = 'closed')) as counts,
             coalesce(json_agg(json_build_object(
               'item_code', ci.code,
               'item', coalesce(ci.text, '登记隐患'),
               'mode', s.mode,
               'deadline', s.deadline,
               'status', s.status,
               'overdue', app.hazard_overdue(s.status, s.deadline),
               'reported_on', (s.created_at at time zone 'Asia/Shanghai')::date,
               'closed_on', (s.closed_at at time zone 'Asia/Shanghai')::date) order by s.n)
               filter (where s.n <= 50), '[]') as list
        from (select h.item_id, h.source, h.mode, h.deadline, h.status, h.created_at, h.closed_at,
                     row_number() over (order by h.status = 'closed', h.closed_at desc,
                                                 h.deadline nulls first, h.created_at, h.id) as n
                from hazard h
               where h.township_id = e.township_id and h.enterprise_id = e.id
                 and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')) s
        left join checklist_item ci on ci.id = s.item_id and s.source = 'inspection') hz
   where e.public_token = p_token);
end
$$;


--
-- Name: public_tip(text, text, text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.public_tip(p_token text, p_text text, p_contact text, p_client_addr text, p_photo_token_hash text) RETURNS TABLE(id bigint, retry_after integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  e record;
  by_hour record;
  by_day record;
  new_id bigint;
begin
  select x.id, x.township_id into e from enterprise x where x.public_token = p_token;
  if not found then
    return;
  end if;
  -- One address's tips are counted one at a time, or two at once could both pass.
  perform pg_advisory_xact_lock(hashtext('app.public_tip'), hashtext(coalesce(p_client_addr, '')));
  select count(*) as n, min(x.created_at) as first into by_hour from tip x
   where x.client_addr = coalesce(p_client_addr, '') and x.created_at > now() - interval '1 hour';
  select count(*) as n, min(x.created_at) as first into by_day from tip x
   where x.client_addr = coalesce(p_client_addr, '') and x.created_at > now() - interval '1 day';
  if by_hour.n >= 5 or by_day.n >= 20 then
    return query select null::bigint, greatest(1, ceil(extract(epoch from greatest(
      case when by_hour.n >= 5 then by_hour.first + interval '1 hour' - now() else interval '0' end,
      case when by_day.n >= 20 then by_day.first + interval '1 day' - now() else interval '0' end))))::int;
    return;
  end if;
  perform set_config('app.client_addr', '', true);
  insert into tip (township_id, enterprise_id, text, contact, client_addr, photo_token_hash)
    values (e.township_id, e.id, p_text, nullif(p_contact, ''), coalesce(p_client_addr, ''),
            p_photo_token_hash)
    returning tip.id into new_id;
  return query select new_id, 0;
end
$$;


--
-- Name: public_tip_photo(bigint, text, text, text, integer, bytea, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.public_tip_photo(p_tip_id bigint, p_token_hash text, p_sha256 text, p_content_type text, p_size integer, p_bytes bytea, p_file_name text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  t record;
  new_id bigint;
begin
  select x.township_id, x.created_at, x.photo_token_hash, x.photo_attachment_id into t
    from tip x where x.id = p_tip_id for update;
  if not found or t.photo_token_hash is null or p_token_hash is null
     or t.photo_token_hash <> p_token_hash then
    raise exception 'no such tip' using errcode = 'SG404';
  end if;
  if t.photo_attachment_id is not null then
    raise exception 'the tip has its photo already' using errcode = 'SG409';
  end if;
  if t.created_at < now() - interval '1 hour' then
    raise exception 'a photo is taken within an hour of the tip only' using errcode = 'SG409';
  end if;
  perform set_config('app.client_addr', '', true);
  insert into attachment_blob (township_id, sha256, content_type, size, bytes)
    values (t.township_id, p_sha256, p_content_type, p_size, p_bytes)
    on conflict do nothing;
  insert into attachment (township_id, sha256, content_type, size, file_name, tag,
                          entity_type, entity_id, uploaded_by)
    values (t.township_id, p_sha256, p_content_type, p_size, nullif(p_file_name, ''), 'before',
            'tip', p_tip_id, null)
    returning id into new_id;
  update tip set photo_attachment_id = new_id where id = p_tip_id;
  return new_id;
end
$$;


--
-- Name: public_townships(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.public_townships() RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select json_build_object('items', coalesce(json_agg(json_build_object(
           'id', t.id, 'name', t.name, 'county', c.name) order by c.name, t.name), '[]'))
    from township t join county c on c.id = t.county_id
   where t.active
$$;


--
-- Name: queue_enterprise_ids(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.queue_enterprise_ids() RETURNS bigint[]
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select coalesce(array_agg(distinct a.enterprise_id), '{}') from enterprise_assignment a
   where a.township_id = app.township_id() and a.user_id = app.user_id()
     and (a.ends_on is null or a.ends_on >= app.today())
$$;


--
-- Name: queue_sector_ids(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.queue_sector_ids() RETURNS bigint[]
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select coalesce(array_agg(s.sector_id order by s.sector_id), '{}') from user_sector s
   where s.township_id = app.township_id() and s.user_id = app.user_id()
$$;


--
-- Name: recipient_users(bigint, text, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.recipient_users(p_township_id bigint, p_kind text, p_id bigint) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  return (
    select coalesce(array_agg(distinct u), '{}') from (
      select p_id as u where p_kind = 'user'
      union all
      select x from app.enterprise_user_ids(p_township_id, p_id) x where p_kind = 'enterprise'
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
     where u is not null
  );
end
$$;


--
-- Name: request_begin(text, text, text, integer, integer); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.request_begin(p_token_hash text, p_request_id text, p_client_addr text, p_idle_seconds integer, p_max_seconds integer) RETURNS TABLE(user_id bigint, role text, township_id bigint, county_id bigint, enterprise_id bigint, session_id bigint, username text, csrf_token text, password_must_change boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  s record;
  signed_in boolean := false;
  visible bigint[];
begin
  perform set_config('app.request_id', coalesce(p_request_id, ''), true),
          set_config('app.client_addr', coalesce(p_client_addr, ''), true);
  if p_token_hash is not null then
    select x.id as session_id, x.last_seen_at, u.id as user_id, u.role, u.township_id,
           u.county_id, u.enterprise_id, u.username, x.csrf_token, u.password_must_change
      into s
      from session x join app_user u on u.id = x.user_id
     where x.token_hash = p_token_hash
       and x.ended_at is null
       and u.active
       and x.last_seen_at > now() - make_interval(secs => p_idle_seconds)
       and x.created_at > now() - make_interval(secs => p_max_seconds);
    signed_in := found;
  end if;
  if not signed_in then
    perform set_config('app.user_id', '', true), set_config('app.role', '', true),
            set_config('app.township_id', '', true), set_config('app.county_id', '', true),
            set_config('app.enterprise_id', '', true), set_config('app.townships', '', true);
    return;
  end if;
  -- Idle time counts in minutes: one write a minute per session, not one a request.
  if s.last_seen_at < now() - interval '1 minute' then
    update session set last_seen_at = now() where id = s.session_id;
  end if;
  if s.role = 'county_admin' then
    select coalesce(array_agg(t.id order by t.id), '{}') into visible
      from township t where t.county_id = s.county_id;
  else
    visible := array[s.township_id];
  end if;
  perform set_config('app.user_id', s.user_id::text, true),
          set_config('app.role', s.role, true),
          set_config('app.township_id', coalesce(s.township_id::text, ''), true),
          set_config('app.county_id', s.county_id::text, true),
          set_config('app.enterprise_id', coalesce(s.enterprise_id::text, ''), true),
          set_config('app.townships', visible::text, true);
  return query select s.user_id, s.role, s.township_id, s.county_id, s.enterprise_id,
                      s.session_id, s.username, s.csrf_token, s.password_must_change;
end
$$;


--
-- Name: role(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('app.role', true), '') $$;


--
-- Name: session_end(bigint, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.session_end(p_session_id bigint, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  update session set ended_at = now(), end_reason = p_reason
   where id = p_session_id and user_id = app.user_id() and ended_at is null;
  perform app.audit('auth.logout', 'session', p_session_id, app.township_id(), null, null);
end
$$;


--
-- Name: supervision_order_attaches(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_attaches(p_township_id bigint, p_order_id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_catalog'
    AS $$
  select (select app.may('order.attach'))
     and exists (select 1 from supervision_order o
                  where o.township_id = p_township_id and o.id = p_order_id
                    and (o.issued_by = app.user_id() or app.supervision_order_mine(o.addressee_user_id)))
$$;


--
-- Name: supervision_order_cards_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'supervision_order' then
    if tg_op = 'DELETE' then
      delete from supervision_order_card k using old_rows o where k.order_id = o.id;
    else
      perform app.supervision_order_cards_refresh(array(select id from new_rows));
    end if;
  elsif tg_op = 'DELETE' then   -- supervision_order_hazard, supervision_order_task
    perform app.supervision_order_cards_refresh(array(select distinct order_id from old_rows));
  elsif tg_op = 'UPDATE' then
    perform app.supervision_order_cards_refresh(array(select order_id from old_rows
                                                      union select order_id from new_rows));
  else
    perform app.supervision_order_cards_refresh(array(select distinct order_id from new_rows));
  end if;
  return null;
end
$$;


--
-- Name: supervision_order_card; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order_card (
    order_id bigint NOT NULL,
    township_id bigint NOT NULL,
    json text NOT NULL
);

ALTER TABLE ONLY public.supervision_order_card FORCE ROW LEVEL SECURITY;


--
-- Name: supervision_order_cards_computed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_computed() RETURNS SETOF public.supervision_order_card
    LANGUAGE sql STABLE
    AS $$
  select o.id, o.township_id,
         jsonb_build_object(
           'id', o.id, 'township_id', o.township_id, 'number', o.number,
           'year', o.year, 'seq', o.seq,
           'addressee_user_id', o.addressee_user_id,
           'addressee_name', (select u.display_name from app_user u
                               where u.township_id = o.township_id and u.id = o.addressee_user_id),
           'addressee_grid_node_id', o.addressee_grid_node_id,
           'addressee_unit', (select g.name from grid_node g
                               where g.township_id = o.township_id and g.id = o.addressee_grid_node_id),
           'matter', o.matter, 'action', o.action, 'deadline', o.deadline,
           'listed', o.listed, 'state', o.state,
           'hazard_ids', coalesce((select jsonb_agg(l.hazard_id order by l.hazard_id)
                                     from supervision_order_hazard l
                                    where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'task_ids', coalesce((select jsonb_agg(l.task_id order by l.task_id)
                                   from supervision_order_task l
                                  where l.township_id = o.township_id and l.order_id = o.id), '[]'),
           'issued_by', o.issued_by, 'escalated_at', o.escalated_at, 'closed_at', o.closed_at,
           'version', o.version, 'created_at', o.created_at, 'updated_at', o.updated_at)::text
    from supervision_order o
$$;


--
-- Name: supervision_order_cards_differing(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_differing() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
  select coalesce(k.order_id, n.order_id)
    from supervision_order_card k full join app.supervision_order_cards_computed() n on n.order_id = k.order_id
   where k is distinct from n
$$;


--
-- Name: supervision_order_cards_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    AS $$
begin
  delete from supervision_order_card;
  insert into supervision_order_card select * from app.supervision_order_cards_computed();
end
$$;


--
-- Name: supervision_order_cards_refresh(bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_refresh(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    SET "TimeZone" TO 'Asia/Shanghai'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  if cardinality(p_ids) = 0 then
    return;
  end if;
  insert into supervision_order_card as k
  select n.* from app.supervision_order_cards_computed() n where n.order_id = any (p_ids)
   order by n.order_id
  on conflict (order_id) do update
    set township_id = excluded.township_id, json = excluded.json
  where k.json is distinct from excluded.json or k.township_id <> excluded.township_id;
  delete from supervision_order_card k
   where k.order_id = any (p_ids)
     and not exists (select 1 from supervision_order o where o.id = k.order_id);
end
$$;


--
-- Name: supervision_order_cards_renamed(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_cards_renamed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_table_name = 'app_user' then
    perform app.supervision_order_cards_refresh(array(
      select o.id from supervision_order o
       where o.township_id = new.township_id and o.addressee_user_id = new.id));
  else   -- grid_node
    perform app.supervision_order_cards_refresh(array(
      select o.id from supervision_order o
       where o.township_id = new.township_id and o.addressee_grid_node_id = new.id));
  end if;
  return null;
end
$$;


--
-- Name: supervision_order_event_notify(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_event_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  o supervision_order;
begin
  select * into o from supervision_order where township_id = new.township_id and id = new.order_id;
  perform app.notify(o.township_id, app.order_addressees(o.township_id, o.addressee_user_id, o.addressee_grid_node_id),
                     'order_rejected', 'supervision_order', o.id, '督办单答复被退回',
                     '督办单' || o.number || '的答复被退回，原因：' || coalesce(nullif(new.note, ''), '未说明') || '。');
  return null;
end
$$;


--
-- Name: supervision_order_issued(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_issued() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  insert into supervision_order_event (township_id, order_id, action, to_state, actor_id, at)
  values (new.township_id, new.id, 'issue', new.state, new.issued_by, new.created_at);
  return null;
end
$$;


--
-- Name: supervision_order_mine(bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_mine(p_addressee_user_id bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select case when p_addressee_user_id is null
                    then app.role() in ('committee', 'department')
                    else p_addressee_user_id = app.user_id() end $$;


--
-- Name: supervision_order_notify(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if tg_op = 'INSERT' then
    perform app.notify(new.township_id,
                       app.order_addressees(new.township_id, new.addressee_user_id, new.addressee_grid_node_id),
                       'order_addressed', 'supervision_order', new.id, '收到督办单',
                       '督办单' || new.number || '：' || app.notify_quote(new.matter) || '，请于'
                       || to_char(new.deadline, 'YYYY-MM-DD') || '前办理。');
  elsif new.state = 'escalated' and old.state <> 'escalated' then
    perform app.notify(new.township_id, app.recipient_users(new.township_id, 'township', new.township_id),
                       'order_escalated', 'supervision_order', new.id, '督办单逾期升级',
                       '督办单' || new.number || '逾期未办结，已提请指挥部督办：' || app.notify_quote(new.matter) || '。');
  end if;
  return null;
end
$$;


--
-- Name: supervision_order_number(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_number() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  new.year := extract(year from app.today())::int;
  insert into supervision_order_counter as c (township_id, year, last_number)
  values (new.township_id, new.year, 1)
  on conflict (township_id, year) do update set last_number = c.last_number + 1
  returning last_number into new.seq;
  new.number := (select app.township_short_name(t.name) from township t where t.id = new.township_id)
                || '督〔' || new.year || '〕' || new.seq || '号';
  return new;
end
$$;


--
-- Name: supervision_order_transition(bigint, text, text, bigint[]); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_transition(p_id bigint, p_action text, p_note text, p_attachment_ids bigint[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  o supervision_order;
  next text;
begin
  select * into o from supervision_order where id = p_id;
  if not found then
    raise exception 'no such order' using errcode = 'SG404';
  end if;
  if (p_action = 'respond' and not app.supervision_order_mine(o.addressee_user_id))
     or (p_action <> 'respond' and app.role() <> 'supervisor') then
    raise exception 'only the addressee answers an order, and only the supervision group decides on it'
      using errcode = 'SG403';
  end if;
  -- Now that the caller may change it, wait for anyone changing it first.
  select * into o from supervision_order where id = p_id for update;
  if p_action = 'respond' then
    if o.state not in ('issued', 'rejected', 'escalated') then
      raise exception 'the order is % and takes no answer', o.state using errcode = 'SG409';
    end if;
    if coalesce(length(p_note), 0) = 0 then
      raise exception 'an answer says what was done' using errcode = 'SG422', column = 'note';
    end if;
    next := 'answered';
  else
    if p_action in ('accept', 'reject') then
      if o.state <> 'answered' then
        raise exception 'only an answered order is accepted or rejected' using errcode = 'SG409';
      end if;
      if p_action = 'reject' and coalesce(length(p_note), 0) = 0 then
        raise exception 'a rejection gives its reason' using errcode = 'SG422', column = 'note';
      end if;
      next := case p_action when 'accept' then 'closed' else 'rejected' end;
    elsif p_action = 'escalate' then
      if o.state in ('closed', 'escalated') or o.deadline >= app.today() then
        raise exception 'only an open order past its deadline is escalated' using errcode = 'SG409';
      end if;
      next := 'escalated';
    else
      raise exception 'unknown action' using errcode = 'SG422', column = 'action';
    end if;
  end if;
  update supervision_order
     set state = next,
         closed_at = case when next = 'closed' then now() end,
         escalated_at = case when next = 'escalated' then now() else escalated_at end
   where id = p_id;
  insert into supervision_order_event (township_id, order_id, action, from_state, to_state,
                                       actor_id, note, attachment_ids)
  values (o.township_id, o.id, p_action, o.state, next, app.user_id(), p_note,
          coalesce(p_attachment_ids, '{}'));
end
$$;


--
-- Name: supervision_order_visible(bigint, bigint); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.supervision_order_visible(p_township_id bigint, p_order_id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ select exists (select 1 from supervision_order o where o.township_id = p_township_id and o.id = p_order_id) $$;


--
-- Name: tallies_rebuild(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.tallies_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  t bigint;
  lo bigint;
  hi bigint;
begin
  delete from hazard_tally;
  delete from hazard_due_count;
  delete from hazard_day;
  delete from inspected_enterprise;
  delete from township_tally;
  delete from inspection_tally;
  for t in select id from township order by id loop
    perform app.hazard_tallies_apply(array(
      select row(township_id, sector_id, grid_node_id, status, severity, deadline,
                 created_at, closed_at, 1)::app.hazard_delta
        from hazard where township_id = t));
    perform app.inspection_tallies_apply(array(
      select row(township_id, enterprise_id, 1)::app.inspection_delta
        from inspection where township_id = t and status = 'submitted'));
    select min(id), max(id) into lo, hi from inspection where township_id = t;
    while lo <= hi loop
      perform app.inspection_tally_apply(array(
        select row(township_id, inspection_id, result, 1)::app.result_delta
          from inspection_result
         where township_id = t and inspection_id >= lo and inspection_id < lo + 20000));
      lo := lo + 20000;
    end loop;
  end loop;
end
$$;


--
-- Name: task_plan_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.task_plan_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  p task;
  promised bigint;
  latest date;
begin
  if new.progress > new.target then
    raise exception '进度（%）不能超过目标（%）', new.progress, new.target
      using errcode = 'SG422', column = 'progress';
  end if;
  if new.parent_id is not null and new.state <> 'cancelled' then
    select * into p from task where township_id = new.township_id and id = new.parent_id;
    if new.deadline > p.deadline then
      raise exception '子任务的期限不能晚于上级任务的期限（%）', p.deadline
        using errcode = 'SG422', column = 'deadline';
    end if;
    select coalesce(sum(c.target), 0) into promised from task c
     where c.township_id = new.township_id and c.parent_id = new.parent_id
       and c.id is distinct from new.id and c.state <> 'cancelled';
    if promised + new.target > p.target then
      raise exception '子任务的目标合计（%）不能超过上级任务的目标（%）', promised + new.target, p.target
        using errcode = 'SG422', column = 'target';
    end if;
  end if;
  if tg_op = 'UPDATE' then
    select coalesce(sum(c.target), 0), max(c.deadline) into promised, latest from task c
     where c.township_id = new.township_id and c.parent_id = new.id and c.state <> 'cancelled';
    if new.target < promised then
      raise exception '目标不能少于子任务的目标合计（%）', promised
        using errcode = 'SG422', column = 'target';
    end if;
    if new.deadline < latest then
      raise exception '期限不能早于子任务中最晚的期限（%）', latest
        using errcode = 'SG422', column = 'deadline';
    end if;
  end if;
  return new;
end
$$;


--
-- Name: task_progress_guard(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.task_progress_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if pg_trigger_depth() = 1
     and (new.progress is distinct from old.progress
          or (new.state is distinct from old.state and new.state <> 'cancelled'))
     and exists (select 1 from task c where c.township_id = new.township_id and c.parent_id = new.id) then
    raise exception '有子任务的任务，进度和状态随子任务汇总，不能直接填写'
      using errcode = 'SG422', column = case when new.progress is distinct from old.progress
                                             then 'progress' else 'state' end;
  end if;
  return new;
end
$$;


--
-- Name: task_rollup(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.task_rollup() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
declare
  parent bigint;
  town bigint := coalesce(new.township_id, old.township_id);
begin
  foreach parent in array array_remove(array[
      case when tg_op = 'UPDATE' and old.parent_id is distinct from new.parent_id then old.parent_id end,
      coalesce(new.parent_id, old.parent_id)], null)
  loop
    update task t set
      progress = k.progress,
      state = case when t.state = 'cancelled' then t.state
                   when k.active > 0 and k.done = k.active then 'done'
                   when k.started > 0 or k.progress > 0 then 'in_progress'
                   else 'open' end
      from (select coalesce(sum(c.progress), 0) as progress,
                   count(*) filter (where c.state <> 'cancelled') as active,
                   count(*) filter (where c.state = 'done') as done,
                   count(*) filter (where c.state in ('in_progress', 'done')) as started
              from task c where c.township_id = town and c.parent_id = parent) k
     where t.township_id = town and t.id = parent;
  end loop;
  return null;
end
$$;


--
-- Name: tip_hidden(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.tip_hidden() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select coalesce(app.role() = 'enterprise', false) $$;


--
-- Name: today(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select (now() at time zone 'Asia/Shanghai')::date $$;


--
-- Name: touch(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
begin
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;


--
-- Name: township_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.township_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('app.township_id', true), '')::bigint $$;


--
-- Name: township_short_name(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.township_short_name(p_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$ select coalesce(nullif(regexp_replace(p_name, '(镇|乡|街道|街道办事处)$', ''), ''), p_name) $_$;


--
-- Name: townships(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.townships() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select coalesce(nullif(current_setting('app.townships', true), ''), '{}')::bigint[] $$;


--
-- Name: user_sessions_end(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.user_sessions_end() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_catalog'
    AS $$
begin
  if (old.active and not new.active) or old.password_hash <> new.password_hash then
    update session
       set ended_at = now(),
           end_reason = case when new.active then 'password changed' else 'user disabled' end
     where user_id = new.id and ended_at is null;
  end if;
  return null;
end
$$;


--
-- Name: accountability; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accountability (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    user_id bigint NOT NULL,
    unit text,
    kind text NOT NULL,
    reason text NOT NULL,
    date date NOT NULL,
    created_by bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accountability_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000))),
    CONSTRAINT accountability_unit_check CHECK (((length(unit) >= 1) AND (length(unit) <= 100)))
);

ALTER TABLE ONLY public.accountability FORCE ROW LEVEL SECURITY;


--
-- Name: accountability_hazard; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accountability_hazard (
    township_id bigint NOT NULL,
    accountability_id bigint NOT NULL,
    hazard_id bigint NOT NULL
);

ALTER TABLE ONLY public.accountability_hazard FORCE ROW LEVEL SECURITY;


--
-- Name: accountability_kind; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accountability_kind (
    id bigint NOT NULL,
    township_id bigint,
    code text NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accountability_kind_code_check CHECK ((code ~ '^[a-z][a-z0-9_]{1,39}$'::text)),
    CONSTRAINT accountability_kind_name_check CHECK (((length(name) >= 1) AND (length(name) <= 30)))
);

ALTER TABLE ONLY public.accountability_kind FORCE ROW LEVEL SECURITY;


--
-- Name: accountability_order; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accountability_order (
    township_id bigint NOT NULL,
    accountability_id bigint NOT NULL,
    order_id bigint NOT NULL
);

ALTER TABLE ONLY public.accountability_order FORCE ROW LEVEL SECURITY;


--
-- Name: accountability_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.accountability_json WITH (security_invoker='true') AS
 SELECT a.id,
    a.township_id,
    a.user_id,
    a.kind,
    a.date,
    jsonb_build_object('id', a.id, 'township_id', a.township_id, 'user_id', a.user_id, 'user_name', ( SELECT u.display_name
           FROM public.app_user u
          WHERE ((u.township_id = a.township_id) AND (u.id = a.user_id))), 'unit', a.unit, 'kind', a.kind, 'kind_name', ( SELECT k.name
           FROM public.accountability_kind k
          WHERE ((k.code = a.kind) AND ((k.township_id IS NULL) OR (k.township_id = a.township_id)))
          ORDER BY k.township_id
         LIMIT 1), 'reason', a.reason, 'date', a.date, 'order_ids', COALESCE(( SELECT jsonb_agg(l.order_id ORDER BY l.order_id) AS jsonb_agg
           FROM public.accountability_order l
          WHERE ((l.township_id = a.township_id) AND (l.accountability_id = a.id))), '[]'::jsonb), 'hazard_ids', COALESCE(( SELECT jsonb_agg(l.hazard_id ORDER BY l.hazard_id) AS jsonb_agg
           FROM public.accountability_hazard l
          WHERE ((l.township_id = a.township_id) AND (l.accountability_id = a.id))), '[]'::jsonb), 'created_by', a.created_by, 'version', a.version, 'created_at', a.created_at, 'updated_at', a.updated_at) AS json
   FROM public.accountability a;


--
-- Name: action_role; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.action_role (
    action text NOT NULL,
    role text NOT NULL,
    CONSTRAINT action_role_role_check CHECK ((role = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text, 'department'::text, 'enterprise'::text])))
);


--
-- Name: campaign; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.campaign (
    id bigint NOT NULL,
    county_id bigint NOT NULL,
    township_id bigint,
    parent_id bigint,
    name text NOT NULL,
    description text,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    status text DEFAULT 'planned'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT campaign_check CHECK ((ends_on >= starts_on)),
    CONSTRAINT campaign_check1 CHECK (((parent_id IS NULL) OR (township_id IS NOT NULL))),
    CONSTRAINT campaign_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT campaign_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT campaign_status_check CHECK ((status = ANY (ARRAY['planned'::text, 'active'::text, 'closed'::text])))
);

ALTER TABLE ONLY public.campaign FORCE ROW LEVEL SECURITY;


--
-- Name: enterprise_assignment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enterprise_assignment (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    user_id bigint NOT NULL,
    starts_on date DEFAULT app.today() NOT NULL,
    ends_on date,
    note text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT enterprise_assignment_check CHECK (((ends_on IS NULL) OR (ends_on >= starts_on))),
    CONSTRAINT enterprise_assignment_note_check CHECK ((length(note) <= 500))
);

ALTER TABLE ONLY public.enterprise_assignment FORCE ROW LEVEL SECURITY;


--
-- Name: assigned_cadre; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.assigned_cadre WITH (security_invoker='true') AS
 SELECT a.id,
    a.township_id,
    a.enterprise_id,
    a.campaign_id,
    a.user_id,
    a.starts_on,
    a.ends_on,
    a.note,
    a.version,
    a.created_at,
    a.updated_at
   FROM (public.enterprise_assignment a
     JOIN public.campaign c ON (((c.township_id = a.township_id) AND (c.id = a.campaign_id))))
  WHERE ((a.ends_on IS NULL) AND (c.status <> 'closed'::text));


--
-- Name: grid_node; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_node (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    parent_id bigint,
    level smallint NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    responsible_user_id bigint,
    "position" integer DEFAULT 0 NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT grid_node_check CHECK (((level = 1) = (parent_id IS NULL))),
    CONSTRAINT grid_node_check1 CHECK ((((level = 1) AND (kind = 'township'::text)) OR ((level = 2) AND (kind = ANY (ARRAY['work_area'::text, 'department'::text]))) OR ((level = 3) AND (kind = ANY (ARRAY['village'::text, 'enterprise'::text]))))),
    CONSTRAINT grid_node_level_check CHECK (((level >= 1) AND (level <= 3))),
    CONSTRAINT grid_node_name_check CHECK (((length(name) >= 1) AND (length(name) <= 60)))
);

ALTER TABLE ONLY public.grid_node FORCE ROW LEVEL SECURITY;


--
-- Name: grid_node_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.grid_node_json WITH (security_invoker='true') AS
 SELECT n.id,
    n.township_id,
    n.parent_id,
    n.level,
    n."position",
    jsonb_build_object('id', n.id, 'parent_id', n.parent_id, 'level', n.level, 'kind', n.kind, 'name', n.name, 'responsible_user_id', n.responsible_user_id, 'position', n."position", 'version', n.version) AS json
   FROM public.grid_node n;


--
-- Name: enterprise; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enterprise (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    name text NOT NULL,
    status text DEFAULT 'operating'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    credit_code text NOT NULL,
    sector_id bigint NOT NULL,
    grid_node_id bigint,
    address text,
    legal_representative text,
    contact_name text,
    contact_phone text,
    risk_level text,
    public_token text DEFAULT encode(public.gen_random_bytes(16), 'hex'::text),
    name_pairs bigint GENERATED ALWAYS AS (app.pairs_mask_of(name)) STORED NOT NULL,
    CONSTRAINT enterprise_address_check CHECK ((length(address) <= 200)),
    CONSTRAINT enterprise_contact_name_check CHECK ((length(contact_name) <= 50)),
    CONSTRAINT enterprise_contact_phone_check CHECK ((contact_phone ~ '^[0-9+ -]{5,20}$'::text)),
    CONSTRAINT enterprise_credit_code_check CHECK (app.credit_code_valid(credit_code)),
    CONSTRAINT enterprise_legal_representative_check CHECK ((length(legal_representative) <= 50)),
    CONSTRAINT enterprise_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT enterprise_risk_level_check CHECK ((risk_level = ANY (ARRAY['red'::text, 'orange'::text, 'yellow'::text, 'blue'::text]))),
    CONSTRAINT enterprise_status_check CHECK ((status = ANY (ARRAY['operating'::text, 'suspended'::text, 'closed'::text, 'unlicensed'::text])))
);

ALTER TABLE ONLY public.enterprise FORCE ROW LEVEL SECURITY;


--
-- Name: login_application; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_application (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    credit_code text NOT NULL,
    name text NOT NULL,
    legal_representative text NOT NULL,
    mobile text NOT NULL,
    client_addr text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    reason text,
    enterprise_id bigint,
    user_id bigint,
    decided_by bigint,
    decided_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT login_application_check CHECK (((status = 'refused'::text) = (reason IS NOT NULL))),
    CONSTRAINT login_application_check1 CHECK (((status = 'pending'::text) = (decided_at IS NULL))),
    CONSTRAINT login_application_check2 CHECK (((status <> 'approved'::text) OR ((enterprise_id IS NOT NULL) AND (user_id IS NOT NULL)))),
    CONSTRAINT login_application_credit_code_check CHECK (app.credit_code_valid(credit_code)),
    CONSTRAINT login_application_legal_representative_check CHECK (((length(legal_representative) >= 1) AND (length(legal_representative) <= 50))),
    CONSTRAINT login_application_mobile_check CHECK ((mobile ~ '^1[3-9][0-9]{9}$'::text)),
    CONSTRAINT login_application_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT login_application_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 500))),
    CONSTRAINT login_application_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'refused'::text])))
);

ALTER TABLE ONLY public.login_application FORCE ROW LEVEL SECURITY;


--
-- Name: login_application_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.login_application_json WITH (security_invoker='true') AS
 SELECT a.id,
    a.township_id,
    a.status,
    json_build_object('id', a.id, 'township_id', a.township_id, 'credit_code', a.credit_code, 'name', a.name, 'legal_representative', a.legal_representative, 'mobile', a.mobile, 'status', a.status, 'reason', a.reason, 'enterprise_id', a.enterprise_id, 'user_id', a.user_id, 'registered_enterprise_id', ( SELECT e.id
           FROM public.enterprise e
          WHERE ((e.township_id = a.township_id) AND (e.credit_code = a.credit_code))), 'decided_by', a.decided_by, 'decided_at', a.decided_at, 'version', a.version, 'created_at', a.created_at, 'updated_at', a.updated_at) AS json
   FROM public.login_application a;


--
-- Name: supervision_order; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    year integer NOT NULL,
    seq integer NOT NULL,
    number text NOT NULL,
    addressee_user_id bigint,
    addressee_grid_node_id bigint,
    matter text NOT NULL,
    action text NOT NULL,
    deadline date NOT NULL,
    listed boolean DEFAULT false NOT NULL,
    state text DEFAULT 'issued'::text NOT NULL,
    issued_by bigint NOT NULL,
    escalated_at timestamp with time zone,
    closed_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT supervision_order_action_check CHECK (((length(action) >= 1) AND (length(action) <= 2000))),
    CONSTRAINT supervision_order_check CHECK (((addressee_user_id IS NULL) <> (addressee_grid_node_id IS NULL))),
    CONSTRAINT supervision_order_check1 CHECK (((state = 'closed'::text) = (closed_at IS NOT NULL))),
    CONSTRAINT supervision_order_matter_check CHECK (((length(matter) >= 1) AND (length(matter) <= 2000))),
    CONSTRAINT supervision_order_state_check CHECK ((state = ANY (ARRAY['issued'::text, 'answered'::text, 'rejected'::text, 'closed'::text, 'escalated'::text])))
);

ALTER TABLE ONLY public.supervision_order FORCE ROW LEVEL SECURITY;


--
-- Name: supervision_order_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.supervision_order_json WITH (security_invoker='true') AS
 SELECT o.id,
    o.township_id,
    o.state,
    o.deadline,
    o.addressee_user_id,
    d.overdue,
    (i.item)::jsonb AS json,
    i.item
   FROM (((public.supervision_order o
     CROSS JOIN LATERAL ( SELECT ((o.state <> 'closed'::text) AND (o.deadline < app.today())) AS overdue) d)
     JOIN public.supervision_order_card c ON ((c.order_id = o.id)))
     CROSS JOIN LATERAL ( SELECT ((("left"(c.json, '-1'::integer) || ', "overdue": '::text) || d.overdue) || '}'::text) AS item) i);


--
-- Name: task; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    parent_id bigint,
    title text NOT NULL,
    description text,
    grid_node_id bigint,
    group_id bigint,
    assignee_user_id bigint,
    unit text DEFAULT '项'::text NOT NULL,
    target integer NOT NULL,
    progress integer DEFAULT 0 NOT NULL,
    deadline date NOT NULL,
    state text DEFAULT 'open'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT task_check CHECK (((grid_node_id IS NOT NULL) OR (group_id IS NOT NULL))),
    CONSTRAINT task_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT task_progress_check CHECK ((progress >= 0)),
    CONSTRAINT task_state_check CHECK ((state = ANY (ARRAY['open'::text, 'in_progress'::text, 'done'::text, 'cancelled'::text]))),
    CONSTRAINT task_target_check CHECK ((target > 0)),
    CONSTRAINT task_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT task_unit_check CHECK (((length(unit) >= 1) AND (length(unit) <= 10)))
);

ALTER TABLE ONLY public.task FORCE ROW LEVEL SECURITY;


--
-- Name: task_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.task_json WITH (security_invoker='true') AS
 SELECT t.id,
    t.township_id,
    t.campaign_id,
    t.parent_id,
    t.grid_node_id,
    t.group_id,
    t.assignee_user_id,
    t.state,
    t.deadline,
    o.overdue,
    jsonb_build_object('id', t.id, 'campaign_id', t.campaign_id, 'parent_id', t.parent_id, 'title', t.title, 'description', t.description, 'grid_node_id', t.grid_node_id, 'group_id', t.group_id, 'assignee_user_id', t.assignee_user_id, 'unit', t.unit, 'target', t.target, 'progress', t.progress, 'deadline', t.deadline, 'state', t.state, 'overdue', o.overdue, 'children_count', ( SELECT count(*) AS count
           FROM public.task c
          WHERE ((c.township_id = t.township_id) AND (c.parent_id = t.id))), 'version', t.version, 'created_at', t.created_at, 'updated_at', t.updated_at) AS json
   FROM public.task t,
    LATERAL ( SELECT ((t.deadline < app.today()) AND (t.state <> ALL (ARRAY['done'::text, 'cancelled'::text]))) AS overdue) o;


--
-- Name: township; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.township (
    id bigint NOT NULL,
    county_id bigint NOT NULL,
    name text NOT NULL,
    code text NOT NULL,
    slug text NOT NULL,
    time_zone text DEFAULT 'Asia/Shanghai'::text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    report_cutoff time without time zone DEFAULT '17:00:00'::time without time zone NOT NULL,
    CONSTRAINT township_code_check CHECK ((code ~ '^[0-9]{9,12}$'::text)),
    CONSTRAINT township_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT township_report_cutoff_check CHECK (((report_cutoff >= '00:00:00'::time without time zone) AND (report_cutoff <= '23:59:00'::time without time zone))),
    CONSTRAINT township_slug_check CHECK ((slug ~ '^[a-z][a-z0-9-]{1,30}$'::text))
);

ALTER TABLE ONLY public.township FORCE ROW LEVEL SECURITY;


--
-- Name: township_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.township_json WITH (security_invoker='true') AS
 SELECT t.id,
    t.county_id,
    t.name,
    json_build_object('id', t.id, 'county_id', t.county_id, 'name', t.name, 'code', t.code, 'slug', t.slug, 'time_zone', t.time_zone, 'active', t.active, 'report_cutoff', to_char((t.report_cutoff)::interval, 'HH24:MI'::text), 'version', t.version, 'created_at', t.created_at, 'updated_at', t.updated_at) AS json
   FROM public.township t;


--
-- Name: user_sector; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_sector (
    township_id bigint NOT NULL,
    user_id bigint NOT NULL,
    sector_id bigint NOT NULL
);

ALTER TABLE ONLY public.user_sector FORCE ROW LEVEL SECURITY;


--
-- Name: user_json; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.user_json WITH (security_invoker='true') AS
 SELECT u.id,
    u.county_id,
    u.township_id,
    u.role,
    u.active,
    u.username,
    u.display_name,
    json_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name, 'phone', u.phone, 'role', u.role, 'county_id', u.county_id, 'township_id', u.township_id, 'enterprise_id', u.enterprise_id, 'sector_ids', COALESCE(( SELECT json_agg(s.sector_id ORDER BY s.sector_id) AS json_agg
           FROM public.user_sector s
          WHERE ((s.township_id = u.township_id) AND (s.user_id = u.id))), '[]'::json), 'active', u.active, 'version', u.version, 'created_at', u.created_at, 'updated_at', u.updated_at, 'enterprise_admin', u.enterprise_admin, 'password_must_change', u.password_must_change) AS json
   FROM public.app_user u;


--
-- Name: user_name; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.user_name WITH (security_barrier='true') AS
 SELECT u.id,
    u.display_name AS name
   FROM public.app_user u
  WHERE ((u.county_id = app.county_id()) AND ((u.township_id = app.township_id()) OR (app.role() = 'county_admin'::text)));


--
-- Name: accountability_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.accountability ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.accountability_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: accountability_kind_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.accountability_kind ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.accountability_kind_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: activation_code; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activation_code (
    township_id bigint NOT NULL,
    user_id bigint NOT NULL,
    code_hash text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    issued_by bigint,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT activation_code_check CHECK ((expires_at > issued_at)),
    CONSTRAINT activation_code_code_hash_check CHECK ((code_hash ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY public.activation_code FORCE ROW LEVEL SECURITY;


--
-- Name: answer; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.answer (
    county_id bigint NOT NULL,
    township_id bigint,
    view text NOT NULL,
    user_id bigint,
    version text NOT NULL,
    day date NOT NULL,
    body json NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.answer FORCE ROW LEVEL SECURITY;


--
-- Name: answer_county_stamp; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.answer_county_stamp (
    county_id bigint NOT NULL,
    shard smallint NOT NULL,
    stamp bigint NOT NULL
);

ALTER TABLE ONLY public.answer_county_stamp FORCE ROW LEVEL SECURITY;


--
-- Name: answer_stamp; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.answer_stamp (
    township_id bigint NOT NULL,
    shard smallint NOT NULL,
    stamp bigint NOT NULL
);

ALTER TABLE ONLY public.answer_stamp FORCE ROW LEVEL SECURITY;


--
-- Name: app_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.app_user ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.app_user_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: attachment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachment (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    sha256 text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    file_name text,
    tag text NOT NULL,
    entity_type text NOT NULL,
    entity_id bigint NOT NULL,
    uploaded_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    item_id bigint,
    CONSTRAINT attachment_content_type_check CHECK ((content_type = ANY (ARRAY['image/jpeg'::text, 'image/png'::text, 'image/webp'::text, 'application/pdf'::text]))),
    CONSTRAINT attachment_file_name_check CHECK ((length(file_name) <= 200)),
    CONSTRAINT attachment_tag_check CHECK ((tag = ANY (ARRAY['before'::text, 'after'::text, 'document'::text])))
);

ALTER TABLE ONLY public.attachment FORCE ROW LEVEL SECURITY;


--
-- Name: attachment_blob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachment_blob (
    township_id bigint NOT NULL,
    sha256 text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    bytes bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT attachment_blob_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT attachment_blob_size_check CHECK ((size > 0))
);

ALTER TABLE ONLY public.attachment_blob FORCE ROW LEVEL SECURITY;


--
-- Name: attachment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.attachment ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.attachment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_id bigint,
    county_id bigint,
    township_id bigint,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id bigint,
    before jsonb,
    after jsonb,
    client_addr text,
    request_id text
);

ALTER TABLE ONLY public.audit_log FORCE ROW LEVEL SECURITY;


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: campaign_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.campaign ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.campaign_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: campaign_sector; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.campaign_sector (
    campaign_id bigint NOT NULL,
    sector_id bigint NOT NULL
);

ALTER TABLE ONLY public.campaign_sector FORCE ROW LEVEL SECURITY;


--
-- Name: checklist; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checklist (
    id bigint NOT NULL,
    county_id bigint NOT NULL,
    code text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    published_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    row_version integer DEFAULT 1 NOT NULL,
    CONSTRAINT checklist_check CHECK (((status = 'draft'::text) = (published_at IS NULL))),
    CONSTRAINT checklist_code_check CHECK ((code ~ '^[a-z][a-z0-9_-]{1,40}$'::text)),
    CONSTRAINT checklist_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT checklist_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text, 'retired'::text]))),
    CONSTRAINT checklist_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY public.checklist FORCE ROW LEVEL SECURITY;


--
-- Name: checklist_category; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checklist_category (
    id bigint NOT NULL,
    checklist_id bigint NOT NULL,
    "position" integer NOT NULL,
    name text NOT NULL,
    CONSTRAINT checklist_category_name_check CHECK (((length(name) >= 1) AND (length(name) <= 60)))
);

ALTER TABLE ONLY public.checklist_category FORCE ROW LEVEL SECURITY;


--
-- Name: checklist_category_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.checklist_category ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.checklist_category_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: checklist_default_category; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checklist_default_category (
    "position" integer NOT NULL,
    name text NOT NULL
);


--
-- Name: checklist_default_item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checklist_default_item (
    "position" integer NOT NULL,
    category_position integer NOT NULL,
    code text NOT NULL,
    text text NOT NULL,
    sector_codes text[] DEFAULT '{}'::text[] NOT NULL,
    default_severity text DEFAULT 'general'::text NOT NULL,
    major_criterion boolean DEFAULT false NOT NULL
);


--
-- Name: checklist_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.checklist ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.checklist_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: checklist_item_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.checklist_item ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.checklist_item_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: county; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.county (
    id bigint NOT NULL,
    name text NOT NULL,
    code text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT county_code_check CHECK ((code ~ '^[0-9]{6}$'::text)),
    CONSTRAINT county_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50)))
);

ALTER TABLE ONLY public.county FORCE ROW LEVEL SECURITY;


--
-- Name: county_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.county ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.county_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: daily_report; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.daily_report (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    group_id bigint NOT NULL,
    report_date date NOT NULL,
    note text,
    hazard_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    submitted_by bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT daily_report_hazard_ids_check CHECK ((cardinality(hazard_ids) <= 1000)),
    CONSTRAINT daily_report_note_check CHECK ((length(note) <= 2000))
);

ALTER TABLE ONLY public.daily_report FORCE ROW LEVEL SECURITY;


--
-- Name: daily_report_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.daily_report ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.daily_report_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: daily_report_read; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.daily_report_read (
    township_id bigint NOT NULL,
    report_date date NOT NULL,
    read_by bigint NOT NULL,
    read_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.daily_report_read FORCE ROW LEVEL SECURITY;


--
-- Name: document; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    campaign_id bigint,
    title text NOT NULL,
    number text,
    body text,
    attachment_id bigint,
    sent_by bigint,
    sent_at timestamp with time zone DEFAULT now() NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT document_body_check CHECK ((length(body) <= 100000)),
    CONSTRAINT document_number_check CHECK ((length(number) <= 60)),
    CONSTRAINT document_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200)))
);

ALTER TABLE ONLY public.document FORCE ROW LEVEL SECURITY;


--
-- Name: document_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.document ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.document_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: document_recipient; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_recipient (
    township_id bigint NOT NULL,
    document_id bigint NOT NULL,
    recipient_kind text NOT NULL,
    recipient_id bigint NOT NULL,
    acknowledged_at timestamp with time zone,
    acknowledged_by bigint,
    CONSTRAINT document_recipient_recipient_kind_check CHECK ((recipient_kind = ANY (ARRAY['user'::text, 'enterprise'::text, 'grid_node'::text, 'group'::text, 'township'::text])))
);

ALTER TABLE ONLY public.document_recipient FORCE ROW LEVEL SECURITY;


--
-- Name: enterprise_assignment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.enterprise_assignment ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.enterprise_assignment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: enterprise_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.enterprise ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.enterprise_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: grid_node_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.grid_node ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.grid_node_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: grid_node_move; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_node_move (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    node_id bigint NOT NULL,
    from_parent_id bigint,
    to_parent_id bigint,
    moved_by bigint,
    moved_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.grid_node_move FORCE ROW LEVEL SECURITY;


--
-- Name: grid_node_move_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.grid_node_move ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.grid_node_move_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: group_member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.group_member (
    township_id bigint NOT NULL,
    group_id bigint NOT NULL,
    user_id bigint NOT NULL
);

ALTER TABLE ONLY public.group_member FORCE ROW LEVEL SECURITY;


--
-- Name: hazard; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    grid_node_id bigint,
    sector_id bigint NOT NULL,
    campaign_id bigint,
    source text NOT NULL,
    inspection_id bigint,
    item_id bigint,
    tip_id bigint,
    description text NOT NULL,
    severity text NOT NULL,
    mode text NOT NULL,
    measure text,
    deadline date,
    responsible_user_id bigint,
    five_items jsonb,
    status text DEFAULT 'reported'::text NOT NULL,
    submitted_by bigint,
    closed_at timestamp with time zone,
    created_by bigint,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    due_key date GENERATED ALWAYS AS (COALESCE(deadline, '9999-12-31'::date)) STORED NOT NULL,
    CONSTRAINT hazard_check CHECK (((source = 'inspection'::text) = ((inspection_id IS NOT NULL) AND (item_id IS NOT NULL)))),
    CONSTRAINT hazard_check3 CHECK (((status = 'closed'::text) = (closed_at IS NOT NULL))),
    CONSTRAINT hazard_description_check CHECK (((length(description) >= 1) AND (length(description) <= 2000))),
    CONSTRAINT hazard_five_items_check CHECK (((five_items IS NULL) OR (jsonb_typeof(five_items) = 'object'::text))),
    CONSTRAINT hazard_measure_check CHECK ((length(measure) <= 2000)),
    CONSTRAINT hazard_mode_check CHECK ((mode = ANY (ARRAY['immediate'::text, 'deadline'::text, 'major'::text]))),
    CONSTRAINT hazard_severity_check CHECK ((severity = ANY (ARRAY['general'::text, 'major'::text]))),
    CONSTRAINT hazard_source_check CHECK ((source = ANY (ARRAY['inspection'::text, 'registration'::text, 'tip'::text, 'self_report'::text]))),
    CONSTRAINT hazard_status_check CHECK ((status = ANY (ARRAY['reported'::text, 'rectifying'::text, 'submitted'::text, 'closed'::text])))
);

ALTER TABLE ONLY public.hazard FORCE ROW LEVEL SECURITY;


--
-- Name: hazard_day; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard_day (
    township_id bigint NOT NULL,
    day date NOT NULL,
    sector_id bigint NOT NULL,
    grid_node_id bigint,
    found integer NOT NULL,
    closed integer NOT NULL
);

ALTER TABLE ONLY public.hazard_day FORCE ROW LEVEL SECURITY;


--
-- Name: hazard_due_count; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard_due_count (
    township_id bigint NOT NULL,
    status text NOT NULL,
    deadline date,
    n integer NOT NULL
);

ALTER TABLE ONLY public.hazard_due_count FORCE ROW LEVEL SECURITY;


--
-- Name: hazard_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard_event (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    hazard_id bigint NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    actor_id bigint,
    note text,
    attachment_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    deadline_from date,
    deadline_to date,
    CONSTRAINT hazard_event_action_check CHECK ((action = ANY (ARRAY['report'::text, 'start'::text, 'submit'::text, 'verify'::text, 'reject'::text, 'close'::text, 'reopen'::text, 'edit'::text, 'extend'::text]))),
    CONSTRAINT hazard_event_note_check CHECK ((length(note) <= 2000))
);

ALTER TABLE ONLY public.hazard_event FORCE ROW LEVEL SECURITY;


--
-- Name: hazard_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.hazard_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.hazard_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: hazard_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.hazard ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.hazard_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: hazard_tally; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hazard_tally (
    township_id bigint NOT NULL,
    sector_id bigint NOT NULL,
    grid_node_id bigint,
    status text NOT NULL,
    severity text NOT NULL,
    n integer NOT NULL
);

ALTER TABLE ONLY public.hazard_tally FORCE ROW LEVEL SECURITY;


--
-- Name: idempotency_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_key (
    user_id bigint NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    status integer,
    content_type text,
    headers text,
    body bytea,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_key_fingerprint_check CHECK ((length(fingerprint) = 64)),
    CONSTRAINT idempotency_key_key_check CHECK (((length(key) >= 1) AND (length(key) <= 255))),
    CONSTRAINT idempotency_key_status_check CHECK (((status >= 200) AND (status <= 299)))
);

ALTER TABLE ONLY public.idempotency_key FORCE ROW LEVEL SECURITY;


--
-- Name: inspected_enterprise; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inspected_enterprise (
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    inspections integer NOT NULL
);

ALTER TABLE ONLY public.inspected_enterprise FORCE ROW LEVEL SECURITY;


--
-- Name: inspection; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inspection (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    checklist_id bigint NOT NULL,
    kind text NOT NULL,
    inspected_on date NOT NULL,
    inspector_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    note text,
    status text DEFAULT 'draft'::text NOT NULL,
    created_by bigint,
    submitted_by bigint,
    submitted_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inspection_check CHECK (((status = 'submitted'::text) = (submitted_at IS NOT NULL))),
    CONSTRAINT inspection_kind_check CHECK ((kind = ANY (ARRAY['routine'::text, 'joint'::text, 'self'::text, 'unannounced'::text]))),
    CONSTRAINT inspection_note_check CHECK ((length(note) <= 2000)),
    CONSTRAINT inspection_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text])))
);

ALTER TABLE ONLY public.inspection FORCE ROW LEVEL SECURITY;


--
-- Name: inspection_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.inspection ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.inspection_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: inspection_result; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inspection_result (
    township_id bigint NOT NULL,
    inspection_id bigint NOT NULL,
    item_id bigint NOT NULL,
    result text NOT NULL,
    note text,
    recorded_by bigint,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    measure text,
    mode text,
    deadline date,
    CONSTRAINT inspection_result_hazard_fields_check CHECK (((result = 'hazard'::text) OR ((measure IS NULL) AND (mode IS NULL) AND (deadline IS NULL)))),
    CONSTRAINT inspection_result_measure_check CHECK ((length(measure) <= 2000)),
    CONSTRAINT inspection_result_mode_check CHECK ((mode = ANY (ARRAY['immediate'::text, 'deadline'::text]))),
    CONSTRAINT inspection_result_note_check CHECK ((length(note) <= 2000)),
    CONSTRAINT inspection_result_result_check CHECK ((result = ANY (ARRAY['ok'::text, 'hazard'::text, 'na'::text])))
);

ALTER TABLE ONLY public.inspection_result FORCE ROW LEVEL SECURITY;


--
-- Name: inspection_tally; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inspection_tally (
    township_id bigint NOT NULL,
    inspection_id bigint NOT NULL,
    ok integer NOT NULL,
    hazard integer NOT NULL,
    na integer NOT NULL
);

ALTER TABLE ONLY public.inspection_tally FORCE ROW LEVEL SECURITY;


--
-- Name: login_application_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.login_application ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.login_application_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: login_attempt; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_attempt (
    id bigint NOT NULL,
    username text NOT NULL,
    client_addr text NOT NULL,
    ok boolean NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: login_attempt_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.login_attempt ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.login_attempt_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: notification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    user_id bigint NOT NULL,
    kind text NOT NULL,
    subject_type text NOT NULL,
    subject_id bigint NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    reminder_day date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    read_at timestamp with time zone,
    CONSTRAINT notification_body_check CHECK (((length(body) >= 1) AND (length(body) <= 1000))),
    CONSTRAINT notification_kind_check CHECK ((kind = ANY (ARRAY['hazard_assigned'::text, 'hazard_rejected'::text, 'hazard_due_soon'::text, 'hazard_overdue'::text, 'order_addressed'::text, 'order_rejected'::text, 'order_escalated'::text, 'document_received'::text, 'letter_unsigned'::text, 'report_missing'::text]))),
    CONSTRAINT notification_subject_type_check CHECK ((subject_type = ANY (ARRAY['hazard'::text, 'task'::text, 'supervision_order'::text, 'document'::text, 'letter'::text, 'daily_report'::text]))),
    CONSTRAINT notification_title_check CHECK (((length(title) >= 1) AND (length(title) <= 100)))
);

ALTER TABLE ONLY public.notification FORCE ROW LEVEL SECURITY;


--
-- Name: notification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.notification ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: notification_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.notification_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.notification_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: responsibility_letter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.responsibility_letter (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    grid_node_id bigint NOT NULL,
    issuer_name text NOT NULL,
    issuer_user_id bigint,
    signer_name text,
    signer_user_id bigint,
    signed_on date,
    attachment_id bigint,
    note text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT responsibility_letter_check CHECK (((signed_on IS NULL) OR (signer_name IS NOT NULL))),
    CONSTRAINT responsibility_letter_issuer_name_check CHECK (((length(issuer_name) >= 1) AND (length(issuer_name) <= 50))),
    CONSTRAINT responsibility_letter_note_check CHECK ((length(note) <= 500)),
    CONSTRAINT responsibility_letter_signer_name_check CHECK (((length(signer_name) >= 1) AND (length(signer_name) <= 50)))
);

ALTER TABLE ONLY public.responsibility_letter FORCE ROW LEVEL SECURITY;


--
-- Name: responsibility_letter_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.responsibility_letter ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.responsibility_letter_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migration (
    name text NOT NULL,
    sha256 text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: sector; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sector (
    id bigint NOT NULL,
    county_id bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    "position" integer DEFAULT 0 NOT NULL,
    retired_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sector_code_check CHECK ((code ~ '^[a-z][a-z0-9_]{1,30}$'::text)),
    CONSTRAINT sector_name_check CHECK (((length(name) >= 1) AND (length(name) <= 30)))
);

ALTER TABLE ONLY public.sector FORCE ROW LEVEL SECURITY;


--
-- Name: sector_default; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sector_default (
    "position" integer NOT NULL,
    code text NOT NULL,
    name text NOT NULL
);


--
-- Name: sector_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sector ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sector_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.session (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    token_hash text NOT NULL,
    csrf_token text NOT NULL,
    client_addr text,
    user_agent text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    ended_at timestamp with time zone,
    end_reason text
);


--
-- Name: session_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.session ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.session_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: supervision_order_counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order_counter (
    township_id bigint NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    CONSTRAINT supervision_order_counter_last_number_check CHECK ((last_number > 0)),
    CONSTRAINT supervision_order_counter_year_check CHECK (((year >= 2000) AND (year <= 9999)))
);

ALTER TABLE ONLY public.supervision_order_counter FORCE ROW LEVEL SECURITY;


--
-- Name: supervision_order_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order_event (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    order_id bigint NOT NULL,
    action text NOT NULL,
    from_state text,
    to_state text NOT NULL,
    actor_id bigint NOT NULL,
    note text,
    attachment_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT supervision_order_event_action_check CHECK ((action = ANY (ARRAY['issue'::text, 'respond'::text, 'accept'::text, 'reject'::text, 'escalate'::text]))),
    CONSTRAINT supervision_order_event_note_check CHECK ((length(note) <= 2000))
);

ALTER TABLE ONLY public.supervision_order_event FORCE ROW LEVEL SECURITY;


--
-- Name: supervision_order_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.supervision_order_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: supervision_order_hazard; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order_hazard (
    township_id bigint NOT NULL,
    order_id bigint NOT NULL,
    hazard_id bigint NOT NULL
);

ALTER TABLE ONLY public.supervision_order_hazard FORCE ROW LEVEL SECURITY;


--
-- Name: supervision_order_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.supervision_order_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: supervision_order_task; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision_order_task (
    township_id bigint NOT NULL,
    order_id bigint NOT NULL,
    task_id bigint NOT NULL
);

ALTER TABLE ONLY public.supervision_order_task FORCE ROW LEVEL SECURITY;


--
-- Name: task_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.task ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.task_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: tip; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tip (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    enterprise_id bigint NOT NULL,
    text text NOT NULL,
    contact text,
    client_addr text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    hazard_id bigint,
    handled_by bigint,
    handled_at timestamp with time zone,
    reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    photo_token_hash text,
    photo_attachment_id bigint,
    CONSTRAINT tip_contact_check CHECK ((length(contact) <= 60)),
    CONSTRAINT tip_photo_token_hash_check CHECK ((photo_token_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT tip_reason_check CHECK ((length(reason) <= 500)),
    CONSTRAINT tip_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'dismissed'::text]))),
    CONSTRAINT tip_text_check CHECK (((length(text) >= 1) AND (length(text) <= 1000)))
);

ALTER TABLE ONLY public.tip FORCE ROW LEVEL SECURITY;


--
-- Name: tip_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.tip ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tip_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: township_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.township ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.township_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: township_tally; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.township_tally (
    township_id bigint NOT NULL,
    inspected_enterprises integer NOT NULL
);

ALTER TABLE ONLY public.township_tally FORCE ROW LEVEL SECURITY;


--
-- Name: working_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.working_group (
    id bigint NOT NULL,
    township_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    kind text NOT NULL,
    sector_id bigint,
    name text NOT NULL,
    leader_user_id bigint,
    departments text[] DEFAULT '{}'::text[] NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT working_group_check CHECK (((kind = 'sector'::text) = (sector_id IS NOT NULL))),
    CONSTRAINT working_group_kind_check CHECK ((kind = ANY (ARRAY['sector'::text, 'supervision'::text, 'coordination'::text]))),
    CONSTRAINT working_group_name_check CHECK (((length(name) >= 1) AND (length(name) <= 60)))
);

ALTER TABLE ONLY public.working_group FORCE ROW LEVEL SECURITY;


--
-- Name: working_group_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.working_group ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.working_group_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: action_role action_role_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.action_role
    ADD CONSTRAINT action_role_pkey PRIMARY KEY (action, role);


--
-- Name: accountability_hazard accountability_hazard_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_hazard
    ADD CONSTRAINT accountability_hazard_pkey PRIMARY KEY (township_id, accountability_id, hazard_id);


--
-- Name: accountability_kind accountability_kind_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_kind
    ADD CONSTRAINT accountability_kind_pkey PRIMARY KEY (id);


--
-- Name: accountability_order accountability_order_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_order
    ADD CONSTRAINT accountability_order_pkey PRIMARY KEY (township_id, accountability_id, order_id);


--
-- Name: accountability accountability_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability
    ADD CONSTRAINT accountability_pkey PRIMARY KEY (id);


--
-- Name: accountability accountability_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability
    ADD CONSTRAINT accountability_township_id_id_key UNIQUE (township_id, id);


--
-- Name: activation_code activation_code_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activation_code
    ADD CONSTRAINT activation_code_pkey PRIMARY KEY (user_id);


--
-- Name: answer_county_stamp answer_county_stamp_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer_county_stamp
    ADD CONSTRAINT answer_county_stamp_pkey PRIMARY KEY (county_id, shard);


--
-- Name: answer answer_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer
    ADD CONSTRAINT answer_key UNIQUE NULLS NOT DISTINCT (county_id, township_id, view, user_id);


--
-- Name: answer_stamp answer_stamp_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer_stamp
    ADD CONSTRAINT answer_stamp_pkey PRIMARY KEY (township_id, shard);


--
-- Name: app_user app_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);


--
-- Name: app_user app_user_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_township_id_id_key UNIQUE (township_id, id);


--
-- Name: app_user app_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_username_key UNIQUE (username);


--
-- Name: attachment_blob attachment_blob_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_blob
    ADD CONSTRAINT attachment_blob_pkey PRIMARY KEY (township_id, sha256);


--
-- Name: attachment attachment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_pkey PRIMARY KEY (id);


--
-- Name: attachment attachment_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_township_id_id_key UNIQUE (township_id, id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: campaign campaign_parent_id_township_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_parent_id_township_id_key UNIQUE (parent_id, township_id);


--
-- Name: campaign campaign_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_pkey PRIMARY KEY (id);


--
-- Name: campaign_sector campaign_sector_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign_sector
    ADD CONSTRAINT campaign_sector_pkey PRIMARY KEY (campaign_id, sector_id);


--
-- Name: campaign campaign_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_township_id_id_key UNIQUE (township_id, id);


--
-- Name: checklist_category checklist_category_checklist_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_category
    ADD CONSTRAINT checklist_category_checklist_id_id_key UNIQUE (checklist_id, id);


--
-- Name: checklist_category checklist_category_checklist_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_category
    ADD CONSTRAINT checklist_category_checklist_id_position_key UNIQUE (checklist_id, "position");


--
-- Name: checklist_category checklist_category_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_category
    ADD CONSTRAINT checklist_category_pkey PRIMARY KEY (id);


--
-- Name: checklist checklist_county_id_code_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist
    ADD CONSTRAINT checklist_county_id_code_version_key UNIQUE (county_id, code, version);


--
-- Name: checklist_default_category checklist_default_category_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_default_category
    ADD CONSTRAINT checklist_default_category_name_key UNIQUE (name);


--
-- Name: checklist_default_category checklist_default_category_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_default_category
    ADD CONSTRAINT checklist_default_category_pkey PRIMARY KEY ("position");


--
-- Name: checklist_default_item checklist_default_item_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_default_item
    ADD CONSTRAINT checklist_default_item_code_key UNIQUE (code);


--
-- Name: checklist_default_item checklist_default_item_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_default_item
    ADD CONSTRAINT checklist_default_item_pkey PRIMARY KEY ("position");


--
-- Name: checklist_item checklist_item_checklist_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_item
    ADD CONSTRAINT checklist_item_checklist_id_code_key UNIQUE (checklist_id, code);


--
-- Name: checklist_item checklist_item_checklist_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_item
    ADD CONSTRAINT checklist_item_checklist_id_id_key UNIQUE (checklist_id, id);


--
-- Name: checklist_item checklist_item_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_item
    ADD CONSTRAINT checklist_item_pkey PRIMARY KEY (id);


--
-- Name: checklist checklist_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist
    ADD CONSTRAINT checklist_pkey PRIMARY KEY (id);


--
-- Name: county county_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county
    ADD CONSTRAINT county_code_key UNIQUE (code);


--
-- Name: county county_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county
    ADD CONSTRAINT county_name_key UNIQUE (name);


--
-- Name: county county_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county
    ADD CONSTRAINT county_pkey PRIMARY KEY (id);


--
-- Name: daily_report daily_report_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report
    ADD CONSTRAINT daily_report_pkey PRIMARY KEY (id);


--
-- Name: daily_report_read daily_report_read_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report_read
    ADD CONSTRAINT daily_report_read_pkey PRIMARY KEY (township_id, report_date);


--
-- Name: daily_report daily_report_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report
    ADD CONSTRAINT daily_report_township_id_id_key UNIQUE (township_id, id);


--
-- Name: daily_report daily_report_township_id_report_date_group_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report
    ADD CONSTRAINT daily_report_township_id_report_date_group_id_key UNIQUE (township_id, report_date, group_id);


--
-- Name: document document_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_pkey PRIMARY KEY (id);


--
-- Name: document_recipient document_recipient_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_recipient
    ADD CONSTRAINT document_recipient_pkey PRIMARY KEY (township_id, document_id, recipient_kind, recipient_id);


--
-- Name: document document_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_township_id_id_key UNIQUE (township_id, id);


--
-- Name: enterprise_assignment enterprise_assignment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_assignment
    ADD CONSTRAINT enterprise_assignment_pkey PRIMARY KEY (id);


--
-- Name: enterprise_assignment enterprise_assignment_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_assignment
    ADD CONSTRAINT enterprise_assignment_township_id_id_key UNIQUE (township_id, id);


--
-- Name: enterprise_cadres enterprise_cadres_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_cadres
    ADD CONSTRAINT enterprise_cadres_pkey PRIMARY KEY (enterprise_id);


--
-- Name: enterprise enterprise_credit_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_credit_code_key UNIQUE (township_id, credit_code);


--
-- Name: enterprise enterprise_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_pkey PRIMARY KEY (id);


--
-- Name: enterprise enterprise_public_token_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_public_token_key UNIQUE (public_token);


--
-- Name: enterprise enterprise_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_township_id_id_key UNIQUE (township_id, id);


--
-- Name: grid_node_move grid_node_move_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node_move
    ADD CONSTRAINT grid_node_move_pkey PRIMARY KEY (id);


--
-- Name: grid_node grid_node_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node
    ADD CONSTRAINT grid_node_pkey PRIMARY KEY (id);


--
-- Name: grid_node grid_node_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node
    ADD CONSTRAINT grid_node_township_id_id_key UNIQUE (township_id, id);


--
-- Name: grid_subtree grid_subtree_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_subtree
    ADD CONSTRAINT grid_subtree_pkey PRIMARY KEY (node_id);


--
-- Name: group_member group_member_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_member
    ADD CONSTRAINT group_member_pkey PRIMARY KEY (township_id, group_id, user_id);


--
-- Name: hazard_card hazard_card_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_card
    ADD CONSTRAINT hazard_card_pkey PRIMARY KEY (hazard_id);


--
-- Name: hazard_day hazard_day_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_day
    ADD CONSTRAINT hazard_day_key UNIQUE NULLS NOT DISTINCT (township_id, day, sector_id, grid_node_id);


--
-- Name: hazard_due_count hazard_due_count_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_due_count
    ADD CONSTRAINT hazard_due_count_key UNIQUE NULLS NOT DISTINCT (township_id, status, deadline);


--
-- Name: hazard_event hazard_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_event
    ADD CONSTRAINT hazard_event_pkey PRIMARY KEY (id);


--
-- Name: hazard hazard_inspection_id_item_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_inspection_id_item_id_key UNIQUE (inspection_id, item_id);


--
-- Name: hazard hazard_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_pkey PRIMARY KEY (id);


--
-- Name: hazard_tally hazard_tally_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_tally
    ADD CONSTRAINT hazard_tally_key UNIQUE NULLS NOT DISTINCT (township_id, status, sector_id, grid_node_id, severity);


--
-- Name: hazard hazard_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_id_key UNIQUE (township_id, id);


--
-- Name: idempotency_key idempotency_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_pkey PRIMARY KEY (user_id, key);


--
-- Name: inspected_enterprise inspected_enterprise_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspected_enterprise
    ADD CONSTRAINT inspected_enterprise_pkey PRIMARY KEY (township_id, enterprise_id);


--
-- Name: inspection_card inspection_card_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_card
    ADD CONSTRAINT inspection_card_pkey PRIMARY KEY (inspection_id);


--
-- Name: inspection inspection_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_pkey PRIMARY KEY (id);


--
-- Name: inspection_result inspection_result_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_result
    ADD CONSTRAINT inspection_result_pkey PRIMARY KEY (township_id, inspection_id, item_id);


--
-- Name: inspection_tally inspection_tally_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_tally
    ADD CONSTRAINT inspection_tally_pkey PRIMARY KEY (township_id, inspection_id);


--
-- Name: inspection inspection_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_township_id_id_key UNIQUE (township_id, id);


--
-- Name: login_application login_application_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_pkey PRIMARY KEY (id);


--
-- Name: login_application login_application_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_township_id_id_key UNIQUE (township_id, id);


--
-- Name: login_attempt login_attempt_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_attempt
    ADD CONSTRAINT login_attempt_pkey PRIMARY KEY (id);


--
-- Name: notification_outbox notification_outbox_delivery_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_delivery_id_key UNIQUE (delivery_id);


--
-- Name: notification_outbox notification_outbox_notification_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_notification_id_key UNIQUE (notification_id);


--
-- Name: notification_outbox notification_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_pkey PRIMARY KEY (id);


--
-- Name: notification notification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_pkey PRIMARY KEY (id);


--
-- Name: responsibility_letter responsibility_letter_campaign_id_grid_node_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_campaign_id_grid_node_id_key UNIQUE (campaign_id, grid_node_id);


--
-- Name: responsibility_letter responsibility_letter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_pkey PRIMARY KEY (id);


--
-- Name: responsibility_letter responsibility_letter_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_id_key UNIQUE (township_id, id);


--
-- Name: schema_migration schema_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migration
    ADD CONSTRAINT schema_migration_pkey PRIMARY KEY (name);


--
-- Name: sector sector_county_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector
    ADD CONSTRAINT sector_county_id_code_key UNIQUE (county_id, code);


--
-- Name: sector sector_county_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector
    ADD CONSTRAINT sector_county_id_name_key UNIQUE (county_id, name);


--
-- Name: sector_default sector_default_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector_default
    ADD CONSTRAINT sector_default_code_key UNIQUE (code);


--
-- Name: sector_default sector_default_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector_default
    ADD CONSTRAINT sector_default_name_key UNIQUE (name);


--
-- Name: sector_default sector_default_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector_default
    ADD CONSTRAINT sector_default_pkey PRIMARY KEY ("position");


--
-- Name: sector sector_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector
    ADD CONSTRAINT sector_pkey PRIMARY KEY (id);


--
-- Name: session session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_pkey PRIMARY KEY (id);


--
-- Name: session session_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_token_hash_key UNIQUE (token_hash);


--
-- Name: supervision_order_card supervision_order_card_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_card
    ADD CONSTRAINT supervision_order_card_pkey PRIMARY KEY (order_id);


--
-- Name: supervision_order_counter supervision_order_counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_counter
    ADD CONSTRAINT supervision_order_counter_pkey PRIMARY KEY (township_id, year);


--
-- Name: supervision_order_event supervision_order_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_event
    ADD CONSTRAINT supervision_order_event_pkey PRIMARY KEY (id);


--
-- Name: supervision_order_hazard supervision_order_hazard_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_hazard
    ADD CONSTRAINT supervision_order_hazard_pkey PRIMARY KEY (township_id, order_id, hazard_id);


--
-- Name: supervision_order supervision_order_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_pkey PRIMARY KEY (id);


--
-- Name: supervision_order_task supervision_order_task_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_task
    ADD CONSTRAINT supervision_order_task_pkey PRIMARY KEY (township_id, order_id, task_id);


--
-- Name: supervision_order supervision_order_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_township_id_id_key UNIQUE (township_id, id);


--
-- Name: supervision_order supervision_order_township_id_year_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_township_id_year_seq_key UNIQUE (township_id, year, seq);


--
-- Name: task task_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_pkey PRIMARY KEY (id);


--
-- Name: task task_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_id_key UNIQUE (township_id, id);


--
-- Name: tip tip_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tip
    ADD CONSTRAINT tip_pkey PRIMARY KEY (id);


--
-- Name: tip tip_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tip
    ADD CONSTRAINT tip_township_id_id_key UNIQUE (township_id, id);


--
-- Name: township township_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_code_key UNIQUE (code);


--
-- Name: township township_county_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_county_id_id_key UNIQUE (county_id, id);


--
-- Name: township township_county_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_county_id_name_key UNIQUE (county_id, name);


--
-- Name: township township_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_pkey PRIMARY KEY (id);


--
-- Name: township township_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_slug_key UNIQUE (slug);


--
-- Name: township_tally township_tally_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township_tally
    ADD CONSTRAINT township_tally_pkey PRIMARY KEY (township_id);


--
-- Name: user_sector user_sector_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sector
    ADD CONSTRAINT user_sector_pkey PRIMARY KEY (township_id, user_id, sector_id);


--
-- Name: working_group working_group_campaign_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_campaign_id_name_key UNIQUE (campaign_id, name);


--
-- Name: working_group working_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_pkey PRIMARY KEY (id);


--
-- Name: working_group working_group_township_id_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_township_id_id_key UNIQUE (township_id, id);


--
-- Name: accountability_kind_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX accountability_kind_code ON public.accountability_kind USING btree (COALESCE(township_id, (0)::bigint), code);


--
-- Name: accountability_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accountability_list ON public.accountability USING btree (township_id, id);


--
-- Name: activation_code_township; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activation_code_township ON public.activation_code USING btree (township_id, user_id);


--
-- Name: app_user_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX app_user_enterprise ON public.app_user USING btree (enterprise_id, id) WHERE (enterprise_id IS NOT NULL);


--
-- Name: app_user_one_enterprise_admin; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX app_user_one_enterprise_admin ON public.app_user USING btree (enterprise_id) WHERE enterprise_admin;


--
-- Name: app_user_township_role; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX app_user_township_role ON public.app_user USING btree (township_id, role, id);


--
-- Name: attachment_entity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attachment_entity ON public.attachment USING btree (township_id, entity_type, entity_id, id);


--
-- Name: audit_log_actor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_actor ON public.audit_log USING btree (actor_id, id DESC);


--
-- Name: audit_log_county_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_county_at ON public.audit_log USING btree (county_id, id DESC);


--
-- Name: audit_log_entity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_entity ON public.audit_log USING btree (entity_type, entity_id, id DESC);


--
-- Name: audit_log_township_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_township_at ON public.audit_log USING btree (township_id, id DESC);


--
-- Name: campaign_township; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX campaign_township ON public.campaign USING btree (township_id, id);


--
-- Name: checklist_one_published; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX checklist_one_published ON public.checklist USING btree (county_id, code) WHERE (status = 'published'::text);


--
-- Name: document_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_list ON public.document USING btree (township_id, id DESC);


--
-- Name: document_recipient_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_recipient_unit ON public.document_recipient USING btree (township_id, recipient_kind, recipient_id);


--
-- Name: enterprise_assignment_active; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX enterprise_assignment_active ON public.enterprise_assignment USING btree (enterprise_id, campaign_id) WHERE (ends_on IS NULL);


--
-- Name: enterprise_assignment_history; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enterprise_assignment_history ON public.enterprise_assignment USING btree (enterprise_id, id);


--
-- Name: enterprise_assignment_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enterprise_assignment_user ON public.enterprise_assignment USING btree (township_id, user_id, enterprise_id) WHERE (ends_on IS NULL);


--
-- Name: enterprise_grid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enterprise_grid ON public.enterprise USING btree (township_id, grid_node_id, id);


--
-- Name: enterprise_list_named; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enterprise_list_named ON public.enterprise USING btree (township_id, id) INCLUDE (name, credit_code, name_pairs);


--
-- Name: enterprise_sector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enterprise_sector ON public.enterprise USING btree (township_id, sector_id, id);


--
-- Name: grid_node_move_node; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_node_move_node ON public.grid_node_move USING btree (township_id, node_id, id);


--
-- Name: grid_node_one_root; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX grid_node_one_root ON public.grid_node USING btree (township_id) WHERE (level = 1);


--
-- Name: grid_node_parent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_node_parent ON public.grid_node USING btree (township_id, parent_id, "position", id);


--
-- Name: grid_node_sibling_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX grid_node_sibling_name ON public.grid_node USING btree (township_id, parent_id, name);


--
-- Name: group_member_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX group_member_user ON public.group_member USING btree (township_id, user_id);


--
-- Name: hazard_closed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_closed ON public.hazard USING btree (township_id, closed_at) WHERE (closed_at IS NOT NULL);


--
-- Name: hazard_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_created ON public.hazard USING btree (created_at DESC, id DESC);


--
-- Name: hazard_deadline; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_deadline ON public.hazard USING btree (township_id, deadline, id) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text]));


--
-- Name: hazard_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_due ON public.hazard USING btree (township_id, due_key, id);


--
-- Name: hazard_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_enterprise ON public.hazard USING btree (township_id, enterprise_id, created_at DESC, id DESC);


--
-- Name: hazard_event_hazard; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_event_hazard ON public.hazard_event USING btree (township_id, hazard_id, id);


--
-- Name: hazard_grid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_grid ON public.hazard USING btree (township_id, grid_node_id, created_at DESC, id DESC);


--
-- Name: hazard_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_list ON public.hazard USING btree (township_id, created_at DESC, id DESC);


--
-- Name: hazard_major_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_major_open ON public.hazard USING btree (township_id, id) WHERE ((severity = 'major'::text) AND (status <> 'closed'::text));


--
-- Name: hazard_mode; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_mode ON public.hazard USING btree (township_id, mode, created_at DESC, id DESC);


--
-- Name: hazard_open_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_open_created ON public.hazard USING btree (township_id, created_at DESC, id DESC) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text]));


--
-- Name: hazard_open_sector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_open_sector ON public.hazard USING btree (township_id, sector_id, created_at DESC, id DESC) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text]));


--
-- Name: hazard_overdue_by; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_overdue_by ON public.hazard USING btree (township_id, deadline) INCLUDE (sector_id, grid_node_id, responsible_user_id, enterprise_id) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text]));


--
-- Name: hazard_queue_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_queue_enterprise ON public.hazard USING btree (township_id, enterprise_id) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text, 'submitted'::text]));


--
-- Name: hazard_queue_sector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_queue_sector ON public.hazard USING btree (township_id, sector_id) WHERE (status = ANY (ARRAY['reported'::text, 'rectifying'::text, 'submitted'::text]));


--
-- Name: hazard_sector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_sector ON public.hazard USING btree (township_id, sector_id, created_at DESC, id DESC);


--
-- Name: hazard_source; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_source ON public.hazard USING btree (township_id, source, created_at DESC, id DESC);


--
-- Name: hazard_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX hazard_status ON public.hazard USING btree (township_id, status, created_at DESC, id DESC);


--
-- Name: idempotency_key_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotency_key_created_at ON public.idempotency_key USING btree (created_at);


--
-- Name: inspection_enterprise; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX inspection_enterprise ON public.inspection USING btree (township_id, enterprise_id, inspected_on DESC, id DESC);


--
-- Name: inspection_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX inspection_list ON public.inspection USING btree (township_id, inspected_on DESC, id DESC);


--
-- Name: login_application_addr; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_application_addr ON public.login_application USING btree (client_addr, created_at);


--
-- Name: login_application_queue; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_application_queue ON public.login_application USING btree (township_id, status, id);


--
-- Name: login_attempt_addr; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_attempt_addr ON public.login_attempt USING btree (client_addr, at);


--
-- Name: login_attempt_username; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_attempt_username ON public.login_attempt USING btree (username, at);


--
-- Name: notification_inbox; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notification_inbox ON public.notification USING btree (user_id, id);


--
-- Name: notification_outbox_code_one; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX notification_outbox_code_one ON public.notification_outbox USING btree (user_id) WHERE ((kind = 'activation_code'::text) AND (delivered_at IS NULL) AND (withdrawn IS NULL));


--
-- Name: notification_outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notification_outbox_due ON public.notification_outbox USING btree (next_attempt_at, id) WHERE ((delivered_at IS NULL) AND (withdrawn IS NULL));


--
-- Name: notification_reminder; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX notification_reminder ON public.notification USING btree (user_id, kind, subject_type, subject_id, reminder_day);


--
-- Name: notification_unread; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notification_unread ON public.notification USING btree (user_id, id) WHERE (read_at IS NULL);


--
-- Name: responsibility_letter_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX responsibility_letter_list ON public.responsibility_letter USING btree (township_id, campaign_id, id);


--
-- Name: session_open_by_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX session_open_by_user ON public.session USING btree (user_id) WHERE (ended_at IS NULL);


--
-- Name: supervision_order_addressee; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_order_addressee ON public.supervision_order USING btree (township_id, addressee_user_id, id);


--
-- Name: supervision_order_event_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_order_event_order ON public.supervision_order_event USING btree (township_id, order_id, id);


--
-- Name: supervision_order_hazard_by_hazard; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_order_hazard_by_hazard ON public.supervision_order_hazard USING btree (township_id, hazard_id);


--
-- Name: supervision_order_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_order_list ON public.supervision_order USING btree (township_id, id);


--
-- Name: supervision_order_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_order_open ON public.supervision_order USING btree (township_id, deadline) WHERE (state <> 'closed'::text);


--
-- Name: task_assignee; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_assignee ON public.task USING btree (township_id, assignee_user_id, id);


--
-- Name: task_list; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_list ON public.task USING btree (township_id, campaign_id, id);


--
-- Name: task_parent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_parent ON public.task USING btree (township_id, parent_id, id);


--
-- Name: tip_client; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tip_client ON public.tip USING btree (client_addr, created_at);


--
-- Name: tip_queue; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tip_queue ON public.tip USING btree (township_id, status, id DESC);


--
-- Name: working_group_one_per_sector; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX working_group_one_per_sector ON public.working_group USING btree (campaign_id, sector_id) WHERE (kind = 'sector'::text);


--
-- Name: accountability accountability_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_audit AFTER INSERT OR DELETE OR UPDATE ON public.accountability FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: accountability_hazard accountability_hazard_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_hazard_audit AFTER INSERT OR DELETE OR UPDATE ON public.accountability_hazard FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: accountability_kind accountability_kind_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_kind_audit AFTER INSERT OR DELETE OR UPDATE ON public.accountability_kind FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: accountability accountability_kind_check; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_kind_check BEFORE INSERT OR UPDATE OF kind ON public.accountability FOR EACH ROW EXECUTE FUNCTION app.accountability_kind_check();


--
-- Name: accountability_order accountability_order_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_order_audit AFTER INSERT OR DELETE OR UPDATE ON public.accountability_order FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: accountability accountability_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER accountability_touch BEFORE UPDATE ON public.accountability FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: activation_code activation_code_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activation_code_audit AFTER INSERT OR UPDATE ON public.activation_code FOR EACH ROW EXECUTE FUNCTION app.activation_code_audit();


--
-- Name: activation_code activation_code_sms_withdraw; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER activation_code_sms_withdraw AFTER UPDATE ON public.activation_code FOR EACH ROW WHEN (((new.code_hash IS DISTINCT FROM old.code_hash) OR (new.issued_at IS DISTINCT FROM old.issued_at) OR ((new.used_at IS NOT NULL) AND (old.used_at IS NULL)))) EXECUTE FUNCTION app.activation_sms_withdraw();


--
-- Name: app_user app_user_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER app_user_answer_touch AFTER INSERT OR DELETE OR UPDATE OF display_name, township_id ON public.app_user DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.app_user ENABLE ALWAYS TRIGGER app_user_answer_touch;


--
-- Name: app_user app_user_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_audit AFTER INSERT OR DELETE OR UPDATE ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.audit_row('password_hash');


--
-- Name: app_user app_user_enterprise_admin; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_enterprise_admin BEFORE INSERT ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.enterprise_admin_first();


--
-- Name: app_user app_user_enterprise_cadres; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_enterprise_cadres AFTER UPDATE OF display_name ON public.app_user FOR EACH ROW WHEN ((old.display_name IS DISTINCT FROM new.display_name)) EXECUTE FUNCTION app.enterprise_cadres_of_changed();

ALTER TABLE public.app_user ENABLE ALWAYS TRIGGER app_user_enterprise_cadres;


--
-- Name: app_user app_user_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_guard BEFORE INSERT OR UPDATE ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.app_user_guard();


--
-- Name: app_user app_user_hazard_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_hazard_cards AFTER UPDATE OF display_name ON public.app_user FOR EACH ROW WHEN ((old.display_name IS DISTINCT FROM new.display_name)) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.app_user ENABLE ALWAYS TRIGGER app_user_hazard_cards;


--
-- Name: app_user app_user_inspection_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_inspection_cards AFTER UPDATE OF display_name ON public.app_user FOR EACH ROW WHEN ((old.display_name IS DISTINCT FROM new.display_name)) EXECUTE FUNCTION app.inspection_cards_renamed();

ALTER TABLE public.app_user ENABLE ALWAYS TRIGGER app_user_inspection_cards;


--
-- Name: app_user app_user_order_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_order_cards AFTER UPDATE OF display_name ON public.app_user FOR EACH ROW WHEN ((old.display_name IS DISTINCT FROM new.display_name)) EXECUTE FUNCTION app.supervision_order_cards_renamed();

ALTER TABLE public.app_user ENABLE ALWAYS TRIGGER app_user_order_cards;


--
-- Name: app_user app_user_password_given; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_password_given BEFORE UPDATE OF password_hash ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.password_given();


--
-- Name: app_user app_user_sessions_end; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_sessions_end AFTER UPDATE OF active, password_hash ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.user_sessions_end();


--
-- Name: app_user app_user_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER app_user_touch BEFORE UPDATE ON public.app_user FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: attachment attachment_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER attachment_audit AFTER INSERT OR DELETE ON public.attachment FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: attachment attachment_hazard_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER attachment_hazard_cards_delete AFTER DELETE ON public.attachment FOR EACH ROW WHEN ((old.entity_type = 'hazard'::text)) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.attachment ENABLE ALWAYS TRIGGER attachment_hazard_cards_delete;


--
-- Name: attachment attachment_hazard_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER attachment_hazard_cards_insert AFTER INSERT ON public.attachment FOR EACH ROW WHEN ((new.entity_type = 'hazard'::text)) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.attachment ENABLE ALWAYS TRIGGER attachment_hazard_cards_insert;


--
-- Name: attachment attachment_hazard_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER attachment_hazard_cards_update AFTER UPDATE OF entity_type, entity_id, tag, township_id ON public.attachment FOR EACH ROW WHEN (((old.entity_type = 'hazard'::text) OR (new.entity_type = 'hazard'::text))) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.attachment ENABLE ALWAYS TRIGGER attachment_hazard_cards_update;


--
-- Name: attachment attachment_item_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER attachment_item_audit AFTER UPDATE ON public.attachment FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app.audit_refuse();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app.audit_refuse();


--
-- Name: campaign campaign_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER campaign_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.campaign DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.campaign ENABLE ALWAYS TRIGGER campaign_answer_touch;


--
-- Name: campaign campaign_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER campaign_audit AFTER INSERT OR DELETE OR UPDATE ON public.campaign FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: campaign campaign_closed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER campaign_closed BEFORE UPDATE ON public.campaign FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: campaign campaign_enterprise_cadres; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER campaign_enterprise_cadres AFTER UPDATE OF status ON public.campaign FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION app.enterprise_cadres_of_changed();

ALTER TABLE public.campaign ENABLE ALWAYS TRIGGER campaign_enterprise_cadres;


--
-- Name: campaign campaign_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER campaign_touch BEFORE UPDATE ON public.campaign FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: checklist checklist_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_audit AFTER INSERT OR DELETE OR UPDATE ON public.checklist FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: checklist_category checklist_category_frozen; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_category_frozen BEFORE INSERT OR DELETE OR UPDATE ON public.checklist_category FOR EACH ROW EXECUTE FUNCTION app.checklist_frozen_guard();


--
-- Name: checklist checklist_inspection_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_inspection_cards AFTER UPDATE OF code, version, name ON public.checklist FOR EACH ROW WHEN ((((old.code IS DISTINCT FROM new.code) OR (old.version IS DISTINCT FROM new.version)) OR (old.name IS DISTINCT FROM new.name))) EXECUTE FUNCTION app.inspection_cards_renamed();

ALTER TABLE public.checklist ENABLE ALWAYS TRIGGER checklist_inspection_cards;


--
-- Name: checklist_item checklist_item_frozen; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_item_frozen BEFORE INSERT OR DELETE OR UPDATE ON public.checklist_item FOR EACH ROW EXECUTE FUNCTION app.checklist_frozen_guard();


--
-- Name: checklist_item checklist_item_hazard_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_item_hazard_cards AFTER UPDATE OF code ON public.checklist_item FOR EACH ROW WHEN ((old.code IS DISTINCT FROM new.code)) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.checklist_item ENABLE ALWAYS TRIGGER checklist_item_hazard_cards;


--
-- Name: checklist checklist_state; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER checklist_state BEFORE UPDATE ON public.checklist FOR EACH ROW EXECUTE FUNCTION app.checklist_state_guard();


--
-- Name: county county_checklist; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER county_checklist AFTER INSERT ON public.county FOR EACH ROW EXECUTE FUNCTION app.county_checklist();


--
-- Name: county county_sectors; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER county_sectors AFTER INSERT ON public.county FOR EACH ROW EXECUTE FUNCTION app.county_sectors();


--
-- Name: daily_report daily_report_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER daily_report_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.daily_report DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.daily_report ENABLE ALWAYS TRIGGER daily_report_answer_touch;


--
-- Name: daily_report daily_report_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER daily_report_audit AFTER INSERT OR DELETE OR UPDATE ON public.daily_report FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: daily_report_read daily_report_read_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER daily_report_read_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.daily_report_read DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.daily_report_read ENABLE ALWAYS TRIGGER daily_report_read_answer_touch;


--
-- Name: daily_report_read daily_report_read_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER daily_report_read_audit AFTER INSERT OR DELETE OR UPDATE ON public.daily_report_read FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: daily_report daily_report_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER daily_report_touch BEFORE UPDATE ON public.daily_report FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: document document_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_audit AFTER INSERT OR DELETE OR UPDATE ON public.document FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: document document_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.document FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: document_recipient document_recipient_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_recipient_audit AFTER INSERT OR DELETE OR UPDATE ON public.document_recipient FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: document_recipient document_recipient_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_recipient_notify AFTER INSERT ON public.document_recipient FOR EACH ROW EXECUTE FUNCTION app.document_recipient_notify();


--
-- Name: document document_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_touch BEFORE UPDATE ON public.document FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: enterprise enterprise_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER enterprise_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.enterprise DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.enterprise ENABLE ALWAYS TRIGGER enterprise_answer_touch;


--
-- Name: enterprise_assignment enterprise_assignment_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER enterprise_assignment_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.enterprise_assignment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.enterprise_assignment ENABLE ALWAYS TRIGGER enterprise_assignment_answer_touch;


--
-- Name: enterprise_assignment enterprise_assignment_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_assignment_audit AFTER INSERT OR DELETE OR UPDATE ON public.enterprise_assignment FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: enterprise_assignment enterprise_assignment_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_assignment_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.enterprise_assignment FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: enterprise_assignment enterprise_assignment_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_assignment_touch BEFORE UPDATE ON public.enterprise_assignment FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: enterprise enterprise_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_audit AFTER INSERT OR DELETE OR UPDATE ON public.enterprise FOR EACH ROW EXECUTE FUNCTION app.audit_row('name_pairs');


--
-- Name: enterprise_assignment enterprise_cadres_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_cadres_delete AFTER DELETE ON public.enterprise_assignment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.enterprise_cadres_change();

ALTER TABLE public.enterprise_assignment ENABLE ALWAYS TRIGGER enterprise_cadres_delete;


--
-- Name: enterprise_assignment enterprise_cadres_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_cadres_insert AFTER INSERT ON public.enterprise_assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.enterprise_cadres_change();

ALTER TABLE public.enterprise_assignment ENABLE ALWAYS TRIGGER enterprise_cadres_insert;


--
-- Name: enterprise_assignment enterprise_cadres_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_cadres_update AFTER UPDATE ON public.enterprise_assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.enterprise_cadres_change();

ALTER TABLE public.enterprise_assignment ENABLE ALWAYS TRIGGER enterprise_cadres_update;


--
-- Name: enterprise enterprise_closed_logins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_closed_logins AFTER UPDATE OF status ON public.enterprise FOR EACH ROW WHEN (((new.status = 'closed'::text) AND (old.status <> 'closed'::text))) EXECUTE FUNCTION app.enterprise_closed();


--
-- Name: enterprise enterprise_hazard_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_hazard_cards AFTER UPDATE OF name ON public.enterprise FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION app.hazard_cards_renamed();

ALTER TABLE public.enterprise ENABLE ALWAYS TRIGGER enterprise_hazard_cards;


--
-- Name: enterprise enterprise_inspection_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_inspection_cards AFTER UPDATE OF name ON public.enterprise FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION app.inspection_cards_renamed();

ALTER TABLE public.enterprise ENABLE ALWAYS TRIGGER enterprise_inspection_cards;


--
-- Name: enterprise enterprise_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enterprise_touch BEFORE UPDATE ON public.enterprise FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: grid_node grid_node_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER grid_node_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.grid_node DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.grid_node ENABLE ALWAYS TRIGGER grid_node_answer_touch;


--
-- Name: grid_node grid_node_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_node_audit AFTER INSERT OR DELETE OR UPDATE ON public.grid_node FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: grid_node grid_node_level; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_node_level BEFORE INSERT OR UPDATE OF parent_id, level ON public.grid_node FOR EACH ROW EXECUTE FUNCTION app.grid_node_level_guard();


--
-- Name: grid_node grid_node_move_history; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_node_move_history AFTER UPDATE OF parent_id ON public.grid_node FOR EACH ROW EXECUTE FUNCTION app.grid_node_moved();


--
-- Name: grid_node grid_node_order_cards; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_node_order_cards AFTER UPDATE OF name ON public.grid_node FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION app.supervision_order_cards_renamed();

ALTER TABLE public.grid_node ENABLE ALWAYS TRIGGER grid_node_order_cards;


--
-- Name: grid_node grid_node_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_node_touch BEFORE UPDATE ON public.grid_node FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: grid_node grid_subtrees_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_subtrees_delete AFTER DELETE ON public.grid_node REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.grid_subtrees_change();

ALTER TABLE public.grid_node ENABLE ALWAYS TRIGGER grid_subtrees_delete;


--
-- Name: grid_node grid_subtrees_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_subtrees_insert AFTER INSERT ON public.grid_node REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.grid_subtrees_change();

ALTER TABLE public.grid_node ENABLE ALWAYS TRIGGER grid_subtrees_insert;


--
-- Name: grid_node grid_subtrees_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_subtrees_update AFTER UPDATE ON public.grid_node REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.grid_subtrees_change();

ALTER TABLE public.grid_node ENABLE ALWAYS TRIGGER grid_subtrees_update;


--
-- Name: group_member group_member_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER group_member_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.group_member DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.group_member ENABLE ALWAYS TRIGGER group_member_answer_touch;


--
-- Name: group_member group_member_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER group_member_audit AFTER INSERT OR DELETE OR UPDATE ON public.group_member FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: hazard hazard_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER hazard_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.hazard DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_answer_touch;


--
-- Name: hazard hazard_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_audit AFTER INSERT OR DELETE OR UPDATE ON public.hazard FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: hazard hazard_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_cards_delete AFTER DELETE ON public.hazard REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_cards_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_cards_delete;


--
-- Name: hazard hazard_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_cards_insert AFTER INSERT ON public.hazard REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_cards_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_cards_insert;


--
-- Name: hazard hazard_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_cards_update AFTER UPDATE ON public.hazard REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_cards_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_cards_update;


--
-- Name: hazard_event hazard_event_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER hazard_event_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.hazard_event DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.hazard_event ENABLE ALWAYS TRIGGER hazard_event_answer_touch;


--
-- Name: hazard_event hazard_event_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_event_notify AFTER INSERT ON public.hazard_event FOR EACH ROW WHEN ((new.action = 'reject'::text)) EXECUTE FUNCTION app.hazard_event_notify();


--
-- Name: hazard hazard_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_notify AFTER INSERT OR UPDATE OF responsible_user_id ON public.hazard FOR EACH ROW EXECUTE FUNCTION app.hazard_notify();


--
-- Name: hazard hazard_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_rules BEFORE INSERT OR UPDATE OF severity, mode, deadline ON public.hazard FOR EACH ROW EXECUTE FUNCTION app.hazard_rules();


--
-- Name: hazard hazard_status; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_status BEFORE UPDATE OF status ON public.hazard FOR EACH ROW EXECUTE FUNCTION app.hazard_status_guard();


--
-- Name: hazard hazard_tallies_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_tallies_delete AFTER DELETE ON public.hazard REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_tallies_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_tallies_delete;


--
-- Name: hazard hazard_tallies_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_tallies_insert AFTER INSERT ON public.hazard REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_tallies_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_tallies_insert;


--
-- Name: hazard hazard_tallies_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_tallies_update AFTER UPDATE ON public.hazard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.hazard_tallies_change();

ALTER TABLE public.hazard ENABLE ALWAYS TRIGGER hazard_tallies_update;


--
-- Name: hazard hazard_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hazard_touch BEFORE UPDATE ON public.hazard FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: inspection inspection_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER inspection_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.inspection DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_answer_touch;


--
-- Name: inspection inspection_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_audit AFTER INSERT OR DELETE OR UPDATE ON public.inspection FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: inspection inspection_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.inspection FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: inspection inspection_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_cards_delete AFTER DELETE ON public.inspection REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_cards_delete;


--
-- Name: inspection inspection_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_cards_insert AFTER INSERT ON public.inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_cards_insert;


--
-- Name: inspection inspection_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_cards_update AFTER UPDATE ON public.inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_cards_update;


--
-- Name: inspection_result inspection_result_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_result_audit AFTER INSERT OR DELETE OR UPDATE ON public.inspection_result FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: inspection_result inspection_result_submitted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_result_submitted BEFORE INSERT OR DELETE OR UPDATE ON public.inspection_result FOR EACH ROW EXECUTE FUNCTION app.inspection_submitted_guard();


--
-- Name: inspection inspection_submitted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_submitted BEFORE UPDATE ON public.inspection FOR EACH ROW EXECUTE FUNCTION app.inspection_submitted_guard();


--
-- Name: inspection inspection_tallies_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tallies_delete AFTER DELETE ON public.inspection REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tallies_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_tallies_delete;


--
-- Name: inspection inspection_tallies_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tallies_insert AFTER INSERT ON public.inspection REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tallies_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_tallies_insert;


--
-- Name: inspection inspection_tallies_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tallies_update AFTER UPDATE ON public.inspection REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tallies_change();

ALTER TABLE public.inspection ENABLE ALWAYS TRIGGER inspection_tallies_update;


--
-- Name: inspection_tally inspection_tally_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_cards_delete AFTER DELETE ON public.inspection_tally REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection_tally ENABLE ALWAYS TRIGGER inspection_tally_cards_delete;


--
-- Name: inspection_tally inspection_tally_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_cards_insert AFTER INSERT ON public.inspection_tally REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection_tally ENABLE ALWAYS TRIGGER inspection_tally_cards_insert;


--
-- Name: inspection_tally inspection_tally_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_cards_update AFTER UPDATE ON public.inspection_tally REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_cards_change();

ALTER TABLE public.inspection_tally ENABLE ALWAYS TRIGGER inspection_tally_cards_update;


--
-- Name: inspection_result inspection_tally_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_delete AFTER DELETE ON public.inspection_result REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tally_change();

ALTER TABLE public.inspection_result ENABLE ALWAYS TRIGGER inspection_tally_delete;


--
-- Name: inspection_result inspection_tally_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_insert AFTER INSERT ON public.inspection_result REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tally_change();

ALTER TABLE public.inspection_result ENABLE ALWAYS TRIGGER inspection_tally_insert;


--
-- Name: inspection_result inspection_tally_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_tally_update AFTER UPDATE ON public.inspection_result REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.inspection_tally_change();

ALTER TABLE public.inspection_result ENABLE ALWAYS TRIGGER inspection_tally_update;


--
-- Name: inspection inspection_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER inspection_touch BEFORE UPDATE ON public.inspection FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: login_application login_application_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER login_application_audit AFTER INSERT OR UPDATE ON public.login_application FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: login_application login_application_once; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER login_application_once BEFORE UPDATE ON public.login_application FOR EACH ROW EXECUTE FUNCTION app.login_application_decided();


--
-- Name: login_application login_application_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER login_application_touch BEFORE UPDATE ON public.login_application FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: login_attempt login_attempt_prune; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER login_attempt_prune AFTER INSERT ON public.login_attempt FOR EACH STATEMENT EXECUTE FUNCTION app.login_prune();


--
-- Name: notification notification_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notification_audit AFTER UPDATE ON public.notification FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: notification_outbox notification_outbox_code_wipe; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notification_outbox_code_wipe BEFORE UPDATE ON public.notification_outbox FOR EACH ROW EXECUTE FUNCTION app.outbox_code_wipe();


--
-- Name: responsibility_letter responsibility_letter_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER responsibility_letter_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.responsibility_letter DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.responsibility_letter ENABLE ALWAYS TRIGGER responsibility_letter_answer_touch;


--
-- Name: responsibility_letter responsibility_letter_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER responsibility_letter_audit AFTER INSERT OR DELETE OR UPDATE ON public.responsibility_letter FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: responsibility_letter responsibility_letter_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER responsibility_letter_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.responsibility_letter FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: responsibility_letter responsibility_letter_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER responsibility_letter_touch BEFORE UPDATE ON public.responsibility_letter FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: sector sector_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER sector_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.sector DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch_county();

ALTER TABLE public.sector ENABLE ALWAYS TRIGGER sector_answer_touch;


--
-- Name: sector sector_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER sector_audit AFTER INSERT OR DELETE OR UPDATE ON public.sector FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: sector sector_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER sector_touch BEFORE UPDATE ON public.sector FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: supervision_order supervision_order_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER supervision_order_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.supervision_order ENABLE ALWAYS TRIGGER supervision_order_answer_touch;


--
-- Name: supervision_order supervision_order_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_audit AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: supervision_order supervision_order_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_cards_delete AFTER DELETE ON public.supervision_order REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order ENABLE ALWAYS TRIGGER supervision_order_cards_delete;


--
-- Name: supervision_order supervision_order_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_cards_insert AFTER INSERT ON public.supervision_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order ENABLE ALWAYS TRIGGER supervision_order_cards_insert;


--
-- Name: supervision_order supervision_order_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_cards_update AFTER UPDATE ON public.supervision_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order ENABLE ALWAYS TRIGGER supervision_order_cards_update;


--
-- Name: supervision_order_event supervision_order_event_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_event_audit AFTER INSERT ON public.supervision_order_event FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: supervision_order_event supervision_order_event_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_event_notify AFTER INSERT ON public.supervision_order_event FOR EACH ROW WHEN ((new.action = 'reject'::text)) EXECUTE FUNCTION app.supervision_order_event_notify();


--
-- Name: supervision_order_hazard supervision_order_hazard_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER supervision_order_hazard_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order_hazard DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.supervision_order_hazard ENABLE ALWAYS TRIGGER supervision_order_hazard_answer_touch;


--
-- Name: supervision_order_hazard supervision_order_hazard_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_hazard_audit AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order_hazard FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: supervision_order_hazard supervision_order_hazard_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_hazard_cards_delete AFTER DELETE ON public.supervision_order_hazard REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_hazard ENABLE ALWAYS TRIGGER supervision_order_hazard_cards_delete;


--
-- Name: supervision_order_hazard supervision_order_hazard_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_hazard_cards_insert AFTER INSERT ON public.supervision_order_hazard REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_hazard ENABLE ALWAYS TRIGGER supervision_order_hazard_cards_insert;


--
-- Name: supervision_order_hazard supervision_order_hazard_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_hazard_cards_update AFTER UPDATE ON public.supervision_order_hazard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_hazard ENABLE ALWAYS TRIGGER supervision_order_hazard_cards_update;


--
-- Name: supervision_order supervision_order_issued; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_issued AFTER INSERT ON public.supervision_order FOR EACH ROW EXECUTE FUNCTION app.supervision_order_issued();


--
-- Name: supervision_order supervision_order_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_notify AFTER INSERT OR UPDATE OF state ON public.supervision_order FOR EACH ROW EXECUTE FUNCTION app.supervision_order_notify();


--
-- Name: supervision_order supervision_order_number; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_number BEFORE INSERT ON public.supervision_order FOR EACH ROW EXECUTE FUNCTION app.supervision_order_number();


--
-- Name: supervision_order_task supervision_order_task_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER supervision_order_task_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order_task DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.supervision_order_task ENABLE ALWAYS TRIGGER supervision_order_task_answer_touch;


--
-- Name: supervision_order_task supervision_order_task_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_task_audit AFTER INSERT OR DELETE OR UPDATE ON public.supervision_order_task FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: supervision_order_task supervision_order_task_cards_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_task_cards_delete AFTER DELETE ON public.supervision_order_task REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_task ENABLE ALWAYS TRIGGER supervision_order_task_cards_delete;


--
-- Name: supervision_order_task supervision_order_task_cards_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_task_cards_insert AFTER INSERT ON public.supervision_order_task REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_task ENABLE ALWAYS TRIGGER supervision_order_task_cards_insert;


--
-- Name: supervision_order_task supervision_order_task_cards_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_task_cards_update AFTER UPDATE ON public.supervision_order_task REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.supervision_order_cards_change();

ALTER TABLE public.supervision_order_task ENABLE ALWAYS TRIGGER supervision_order_task_cards_update;


--
-- Name: supervision_order supervision_order_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER supervision_order_touch BEFORE UPDATE ON public.supervision_order FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: task task_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER task_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.task DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.task ENABLE ALWAYS TRIGGER task_answer_touch;


--
-- Name: task task_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_audit AFTER INSERT OR DELETE OR UPDATE ON public.task FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: task task_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.task FOR EACH ROW WHEN ((pg_trigger_depth() = 0)) EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: task task_plan_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_plan_guard BEFORE INSERT OR UPDATE OF target, deadline, progress, parent_id, state ON public.task FOR EACH ROW EXECUTE FUNCTION app.task_plan_guard();


--
-- Name: task task_progress_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_progress_guard BEFORE UPDATE OF progress, state ON public.task FOR EACH ROW EXECUTE FUNCTION app.task_progress_guard();


--
-- Name: task task_rollup; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_rollup AFTER INSERT OR DELETE OR UPDATE OF progress, parent_id, state ON public.task FOR EACH ROW WHEN ((pg_trigger_depth() < 16)) EXECUTE FUNCTION app.task_rollup();


--
-- Name: task task_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_touch BEFORE UPDATE ON public.task FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: tip tip_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tip_audit AFTER INSERT OR DELETE OR UPDATE ON public.tip FOR EACH ROW EXECUTE FUNCTION app.audit_row('photo_token_hash', 'client_addr');


--
-- Name: township township_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER township_answer_touch AFTER INSERT OR UPDATE ON public.township DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch_township();

ALTER TABLE public.township ENABLE ALWAYS TRIGGER township_answer_touch;


--
-- Name: township township_answer_touch_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER township_answer_touch_delete AFTER DELETE ON public.township DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch_township();

ALTER TABLE public.township ENABLE ALWAYS TRIGGER township_answer_touch_delete;


--
-- Name: township township_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_audit AFTER INSERT OR DELETE OR UPDATE ON public.township FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: township township_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_touch BEFORE UPDATE ON public.township FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: user_sector user_sector_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER user_sector_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.user_sector DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.user_sector ENABLE ALWAYS TRIGGER user_sector_answer_touch;


--
-- Name: user_sector user_sector_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER user_sector_audit AFTER INSERT OR DELETE OR UPDATE ON public.user_sector FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: working_group working_group_answer_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER working_group_answer_touch AFTER INSERT OR DELETE OR UPDATE ON public.working_group DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.answer_touch();

ALTER TABLE public.working_group ENABLE ALWAYS TRIGGER working_group_answer_touch;


--
-- Name: working_group working_group_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER working_group_audit AFTER INSERT OR DELETE OR UPDATE ON public.working_group FOR EACH ROW EXECUTE FUNCTION app.audit_row();


--
-- Name: working_group working_group_campaign_open; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER working_group_campaign_open BEFORE INSERT OR DELETE OR UPDATE ON public.working_group FOR EACH ROW EXECUTE FUNCTION app.campaign_closed_guard();


--
-- Name: working_group working_group_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER working_group_touch BEFORE UPDATE ON public.working_group FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: accountability_hazard accountability_hazard_township_id_accountability_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_hazard
    ADD CONSTRAINT accountability_hazard_township_id_accountability_id_fkey FOREIGN KEY (township_id, accountability_id) REFERENCES public.accountability(township_id, id);


--
-- Name: accountability_hazard accountability_hazard_township_id_hazard_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_hazard
    ADD CONSTRAINT accountability_hazard_township_id_hazard_id_fkey FOREIGN KEY (township_id, hazard_id) REFERENCES public.hazard(township_id, id);


--
-- Name: accountability_kind accountability_kind_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_kind
    ADD CONSTRAINT accountability_kind_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: accountability_order accountability_order_township_id_accountability_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_order
    ADD CONSTRAINT accountability_order_township_id_accountability_id_fkey FOREIGN KEY (township_id, accountability_id) REFERENCES public.accountability(township_id, id);


--
-- Name: accountability_order accountability_order_township_id_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability_order
    ADD CONSTRAINT accountability_order_township_id_order_id_fkey FOREIGN KEY (township_id, order_id) REFERENCES public.supervision_order(township_id, id);


--
-- Name: accountability accountability_township_id_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability
    ADD CONSTRAINT accountability_township_id_created_by_fkey FOREIGN KEY (township_id, created_by) REFERENCES public.app_user(township_id, id);


--
-- Name: accountability accountability_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accountability
    ADD CONSTRAINT accountability_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: activation_code activation_code_issued_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activation_code
    ADD CONSTRAINT activation_code_issued_by_fkey FOREIGN KEY (issued_by) REFERENCES public.app_user(id);


--
-- Name: activation_code activation_code_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activation_code
    ADD CONSTRAINT activation_code_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id) ON DELETE CASCADE;


--
-- Name: answer answer_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer
    ADD CONSTRAINT answer_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id) ON DELETE CASCADE;


--
-- Name: answer_county_stamp answer_county_stamp_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer_county_stamp
    ADD CONSTRAINT answer_county_stamp_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id) ON DELETE CASCADE;


--
-- Name: answer_stamp answer_stamp_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer_stamp
    ADD CONSTRAINT answer_stamp_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: answer answer_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.answer
    ADD CONSTRAINT answer_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: app_user app_user_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id);


--
-- Name: app_user app_user_county_id_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_county_id_township_id_fkey FOREIGN KEY (county_id, township_id) REFERENCES public.township(county_id, id);


--
-- Name: app_user app_user_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: attachment_blob attachment_blob_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_blob
    ADD CONSTRAINT attachment_blob_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: attachment attachment_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.checklist_item(id);


--
-- Name: attachment attachment_township_id_sha256_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_township_id_sha256_fkey FOREIGN KEY (township_id, sha256) REFERENCES public.attachment_blob(township_id, sha256);


--
-- Name: campaign campaign_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id);


--
-- Name: campaign campaign_county_id_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_county_id_township_id_fkey FOREIGN KEY (county_id, township_id) REFERENCES public.township(county_id, id);


--
-- Name: campaign campaign_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.campaign(id);


--
-- Name: campaign_sector campaign_sector_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign_sector
    ADD CONSTRAINT campaign_sector_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaign(id) ON DELETE CASCADE;


--
-- Name: campaign_sector campaign_sector_sector_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaign_sector
    ADD CONSTRAINT campaign_sector_sector_id_fkey FOREIGN KEY (sector_id) REFERENCES public.sector(id);


--
-- Name: checklist_category checklist_category_checklist_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_category
    ADD CONSTRAINT checklist_category_checklist_id_fkey FOREIGN KEY (checklist_id) REFERENCES public.checklist(id) ON DELETE CASCADE;


--
-- Name: checklist checklist_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist
    ADD CONSTRAINT checklist_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id) ON DELETE CASCADE;


--
-- Name: checklist_default_item checklist_default_item_category_position_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_default_item
    ADD CONSTRAINT checklist_default_item_category_position_fkey FOREIGN KEY (category_position) REFERENCES public.checklist_default_category("position");


--
-- Name: checklist_item checklist_item_checklist_id_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_item
    ADD CONSTRAINT checklist_item_checklist_id_category_id_fkey FOREIGN KEY (checklist_id, category_id) REFERENCES public.checklist_category(checklist_id, id) ON DELETE CASCADE;


--
-- Name: checklist_item checklist_item_checklist_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checklist_item
    ADD CONSTRAINT checklist_item_checklist_id_fkey FOREIGN KEY (checklist_id) REFERENCES public.checklist(id) ON DELETE CASCADE;


--
-- Name: daily_report_read daily_report_read_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report_read
    ADD CONSTRAINT daily_report_read_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: daily_report_read daily_report_read_township_id_read_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report_read
    ADD CONSTRAINT daily_report_read_township_id_read_by_fkey FOREIGN KEY (township_id, read_by) REFERENCES public.app_user(township_id, id);


--
-- Name: daily_report daily_report_township_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report
    ADD CONSTRAINT daily_report_township_id_group_id_fkey FOREIGN KEY (township_id, group_id) REFERENCES public.working_group(township_id, id);


--
-- Name: daily_report daily_report_township_id_submitted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_report
    ADD CONSTRAINT daily_report_township_id_submitted_by_fkey FOREIGN KEY (township_id, submitted_by) REFERENCES public.app_user(township_id, id);


--
-- Name: document_recipient document_recipient_township_id_acknowledged_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_recipient
    ADD CONSTRAINT document_recipient_township_id_acknowledged_by_fkey FOREIGN KEY (township_id, acknowledged_by) REFERENCES public.app_user(township_id, id);


--
-- Name: document_recipient document_recipient_township_id_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_recipient
    ADD CONSTRAINT document_recipient_township_id_document_id_fkey FOREIGN KEY (township_id, document_id) REFERENCES public.document(township_id, id) ON DELETE CASCADE;


--
-- Name: document document_sent_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_sent_by_fkey FOREIGN KEY (sent_by) REFERENCES public.app_user(id);


--
-- Name: document document_township_id_attachment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_township_id_attachment_id_fkey FOREIGN KEY (township_id, attachment_id) REFERENCES public.attachment(township_id, id);


--
-- Name: document document_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: document document_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: enterprise_assignment enterprise_assignment_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_assignment
    ADD CONSTRAINT enterprise_assignment_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: enterprise_assignment enterprise_assignment_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_assignment
    ADD CONSTRAINT enterprise_assignment_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: enterprise_assignment enterprise_assignment_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise_assignment
    ADD CONSTRAINT enterprise_assignment_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: enterprise enterprise_grid_node_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_grid_node_fkey FOREIGN KEY (township_id, grid_node_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: enterprise enterprise_sector_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_sector_id_fkey FOREIGN KEY (sector_id) REFERENCES public.sector(id);


--
-- Name: enterprise enterprise_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enterprise
    ADD CONSTRAINT enterprise_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: grid_node_move grid_node_move_township_id_node_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node_move
    ADD CONSTRAINT grid_node_move_township_id_node_id_fkey FOREIGN KEY (township_id, node_id) REFERENCES public.grid_node(township_id, id) ON DELETE CASCADE;


--
-- Name: grid_node grid_node_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node
    ADD CONSTRAINT grid_node_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: grid_node grid_node_township_id_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node
    ADD CONSTRAINT grid_node_township_id_parent_id_fkey FOREIGN KEY (township_id, parent_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: grid_node grid_node_township_id_responsible_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_node
    ADD CONSTRAINT grid_node_township_id_responsible_user_id_fkey FOREIGN KEY (township_id, responsible_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: group_member group_member_township_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_member
    ADD CONSTRAINT group_member_township_id_group_id_fkey FOREIGN KEY (township_id, group_id) REFERENCES public.working_group(township_id, id) ON DELETE CASCADE;


--
-- Name: group_member group_member_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_member
    ADD CONSTRAINT group_member_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: hazard_day hazard_day_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_day
    ADD CONSTRAINT hazard_day_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: hazard_due_count hazard_due_count_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_due_count
    ADD CONSTRAINT hazard_due_count_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: hazard_event hazard_event_township_id_hazard_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_event
    ADD CONSTRAINT hazard_event_township_id_hazard_id_fkey FOREIGN KEY (township_id, hazard_id) REFERENCES public.hazard(township_id, id) ON DELETE CASCADE;


--
-- Name: hazard hazard_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.checklist_item(id);


--
-- Name: hazard hazard_sector_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_sector_id_fkey FOREIGN KEY (sector_id) REFERENCES public.sector(id);


--
-- Name: hazard_tally hazard_tally_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard_tally
    ADD CONSTRAINT hazard_tally_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: hazard hazard_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: hazard hazard_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: hazard hazard_township_id_grid_node_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_grid_node_id_fkey FOREIGN KEY (township_id, grid_node_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: hazard hazard_township_id_inspection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_inspection_id_fkey FOREIGN KEY (township_id, inspection_id) REFERENCES public.inspection(township_id, id);


--
-- Name: hazard hazard_township_id_responsible_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_responsible_user_id_fkey FOREIGN KEY (township_id, responsible_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: hazard hazard_township_id_tip_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.hazard
    ADD CONSTRAINT hazard_township_id_tip_id_fkey FOREIGN KEY (township_id, tip_id) REFERENCES public.tip(township_id, id);


--
-- Name: idempotency_key idempotency_key_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_key
    ADD CONSTRAINT idempotency_key_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;


--
-- Name: inspected_enterprise inspected_enterprise_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspected_enterprise
    ADD CONSTRAINT inspected_enterprise_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: inspection inspection_checklist_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_checklist_id_fkey FOREIGN KEY (checklist_id) REFERENCES public.checklist(id);


--
-- Name: inspection_result inspection_result_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_result
    ADD CONSTRAINT inspection_result_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.checklist_item(id);


--
-- Name: inspection_result inspection_result_township_id_inspection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_result
    ADD CONSTRAINT inspection_result_township_id_inspection_id_fkey FOREIGN KEY (township_id, inspection_id) REFERENCES public.inspection(township_id, id) ON DELETE CASCADE;


--
-- Name: inspection_tally inspection_tally_township_id_inspection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection_tally
    ADD CONSTRAINT inspection_tally_township_id_inspection_id_fkey FOREIGN KEY (township_id, inspection_id) REFERENCES public.inspection(township_id, id) ON DELETE CASCADE;


--
-- Name: inspection inspection_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: inspection inspection_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: login_application login_application_decided_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.app_user(id);


--
-- Name: login_application login_application_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: login_application login_application_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id);


--
-- Name: login_application login_application_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_application
    ADD CONSTRAINT login_application_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: notification_outbox notification_outbox_notification_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES public.notification(id) ON DELETE CASCADE;


--
-- Name: notification_outbox notification_outbox_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: notification_outbox notification_outbox_user_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_outbox
    ADD CONSTRAINT notification_outbox_user_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id) ON DELETE CASCADE;


--
-- Name: notification notification_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: notification notification_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;


--
-- Name: responsibility_letter responsibility_letter_township_id_attachment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_attachment_id_fkey FOREIGN KEY (township_id, attachment_id) REFERENCES public.attachment(township_id, id);


--
-- Name: responsibility_letter responsibility_letter_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: responsibility_letter responsibility_letter_township_id_grid_node_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_grid_node_id_fkey FOREIGN KEY (township_id, grid_node_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: responsibility_letter responsibility_letter_township_id_issuer_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_issuer_user_id_fkey FOREIGN KEY (township_id, issuer_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: responsibility_letter responsibility_letter_township_id_signer_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.responsibility_letter
    ADD CONSTRAINT responsibility_letter_township_id_signer_user_id_fkey FOREIGN KEY (township_id, signer_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: sector sector_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sector
    ADD CONSTRAINT sector_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id);


--
-- Name: session session_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.session
    ADD CONSTRAINT session_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id);


--
-- Name: supervision_order_counter supervision_order_counter_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_counter
    ADD CONSTRAINT supervision_order_counter_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: supervision_order_event supervision_order_event_township_id_actor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_event
    ADD CONSTRAINT supervision_order_event_township_id_actor_id_fkey FOREIGN KEY (township_id, actor_id) REFERENCES public.app_user(township_id, id);


--
-- Name: supervision_order_event supervision_order_event_township_id_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_event
    ADD CONSTRAINT supervision_order_event_township_id_order_id_fkey FOREIGN KEY (township_id, order_id) REFERENCES public.supervision_order(township_id, id);


--
-- Name: supervision_order_hazard supervision_order_hazard_township_id_hazard_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_hazard
    ADD CONSTRAINT supervision_order_hazard_township_id_hazard_id_fkey FOREIGN KEY (township_id, hazard_id) REFERENCES public.hazard(township_id, id);


--
-- Name: supervision_order_hazard supervision_order_hazard_township_id_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_hazard
    ADD CONSTRAINT supervision_order_hazard_township_id_order_id_fkey FOREIGN KEY (township_id, order_id) REFERENCES public.supervision_order(township_id, id);


--
-- Name: supervision_order_task supervision_order_task_township_id_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_task
    ADD CONSTRAINT supervision_order_task_township_id_order_id_fkey FOREIGN KEY (township_id, order_id) REFERENCES public.supervision_order(township_id, id);


--
-- Name: supervision_order_task supervision_order_task_township_id_task_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order_task
    ADD CONSTRAINT supervision_order_task_township_id_task_id_fkey FOREIGN KEY (township_id, task_id) REFERENCES public.task(township_id, id);


--
-- Name: supervision_order supervision_order_township_id_addressee_grid_node_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_township_id_addressee_grid_node_id_fkey FOREIGN KEY (township_id, addressee_grid_node_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: supervision_order supervision_order_township_id_addressee_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_township_id_addressee_user_id_fkey FOREIGN KEY (township_id, addressee_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: supervision_order supervision_order_township_id_issued_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision_order
    ADD CONSTRAINT supervision_order_township_id_issued_by_fkey FOREIGN KEY (township_id, issued_by) REFERENCES public.app_user(township_id, id);


--
-- Name: task task_township_id_assignee_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_assignee_user_id_fkey FOREIGN KEY (township_id, assignee_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: task task_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: task task_township_id_grid_node_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_grid_node_id_fkey FOREIGN KEY (township_id, grid_node_id) REFERENCES public.grid_node(township_id, id);


--
-- Name: task task_township_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_group_id_fkey FOREIGN KEY (township_id, group_id) REFERENCES public.working_group(township_id, id);


--
-- Name: task task_township_id_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_township_id_parent_id_fkey FOREIGN KEY (township_id, parent_id) REFERENCES public.task(township_id, id);


--
-- Name: tip tip_township_id_enterprise_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tip
    ADD CONSTRAINT tip_township_id_enterprise_id_fkey FOREIGN KEY (township_id, enterprise_id) REFERENCES public.enterprise(township_id, id);


--
-- Name: tip tip_township_id_hazard_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tip
    ADD CONSTRAINT tip_township_id_hazard_id_fkey FOREIGN KEY (township_id, hazard_id) REFERENCES public.hazard(township_id, id);


--
-- Name: tip tip_township_id_photo_attachment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tip
    ADD CONSTRAINT tip_township_id_photo_attachment_id_fkey FOREIGN KEY (township_id, photo_attachment_id) REFERENCES public.attachment(township_id, id);


--
-- Name: township township_county_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_county_id_fkey FOREIGN KEY (county_id) REFERENCES public.county(id);


--
-- Name: township_tally township_tally_township_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township_tally
    ADD CONSTRAINT township_tally_township_id_fkey FOREIGN KEY (township_id) REFERENCES public.township(id) ON DELETE CASCADE;


--
-- Name: user_sector user_sector_sector_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sector
    ADD CONSTRAINT user_sector_sector_id_fkey FOREIGN KEY (sector_id) REFERENCES public.sector(id);


--
-- Name: user_sector user_sector_township_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sector
    ADD CONSTRAINT user_sector_township_id_user_id_fkey FOREIGN KEY (township_id, user_id) REFERENCES public.app_user(township_id, id) ON DELETE CASCADE;


--
-- Name: working_group working_group_sector_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_sector_id_fkey FOREIGN KEY (sector_id) REFERENCES public.sector(id);


--
-- Name: working_group working_group_township_id_campaign_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_township_id_campaign_id_fkey FOREIGN KEY (township_id, campaign_id) REFERENCES public.campaign(township_id, id);


--
-- Name: working_group working_group_township_id_leader_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_township_id_leader_user_id_fkey FOREIGN KEY (township_id, leader_user_id) REFERENCES public.app_user(township_id, id);


--
-- Name: accountability; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.accountability ENABLE ROW LEVEL SECURITY;

--
-- Name: accountability accountability_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_all_owner ON public.accountability TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: accountability_hazard; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.accountability_hazard ENABLE ROW LEVEL SECURITY;

--
-- Name: accountability_hazard accountability_hazard_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_hazard_all_owner ON public.accountability_hazard TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: accountability_hazard accountability_hazard_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_hazard_insert_app ON public.accountability_hazard FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text)));


--
-- Name: accountability_hazard accountability_hazard_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_hazard_select_app ON public.accountability_hazard FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text]))));


--
-- Name: accountability accountability_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_insert_app ON public.accountability FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text) AND (created_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: accountability_kind; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.accountability_kind ENABLE ROW LEVEL SECURITY;

--
-- Name: accountability_kind accountability_kind_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_kind_all_owner ON public.accountability_kind TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: accountability_kind accountability_kind_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_kind_insert_app ON public.accountability_kind FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text)));


--
-- Name: accountability_kind accountability_kind_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_kind_select_app ON public.accountability_kind FOR SELECT TO safegrid_app USING ((((township_id IS NULL) OR (township_id = ANY (( SELECT app.townships() AS townships)::bigint[]))) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text]))));


--
-- Name: accountability_order; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.accountability_order ENABLE ROW LEVEL SECURITY;

--
-- Name: accountability_order accountability_order_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_order_all_owner ON public.accountability_order TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: accountability_order accountability_order_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_order_insert_app ON public.accountability_order FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text)));


--
-- Name: accountability_order accountability_order_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_order_select_app ON public.accountability_order FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text]))));


--
-- Name: accountability accountability_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY accountability_select_app ON public.accountability FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text]))));


--
-- Name: activation_code; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.activation_code ENABLE ROW LEVEL SECURITY;

--
-- Name: activation_code activation_code_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY activation_code_all_owner ON public.activation_code TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: activation_code activation_code_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY activation_code_insert_app ON public.activation_code FOR INSERT TO safegrid_app WITH CHECK (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.may('login.issue'::text) AS may) OR (( SELECT app.enterprise_admin() AS enterprise_admin) AND (user_id IN ( SELECT u.id
   FROM public.app_user u
  WHERE (u.enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))))))));


--
-- Name: activation_code activation_code_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY activation_code_select_app ON public.activation_code FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.may('login.issue'::text) AS may) OR (( SELECT app.enterprise_admin() AS enterprise_admin) AND (user_id IN ( SELECT u.id
   FROM public.app_user u
  WHERE (u.enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))))))));


--
-- Name: activation_code activation_code_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY activation_code_update_app ON public.activation_code FOR UPDATE TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.may('login.issue'::text) AS may) OR (( SELECT app.enterprise_admin() AS enterprise_admin) AND (user_id IN ( SELECT u.id
   FROM public.app_user u
  WHERE (u.enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)))))))) WITH CHECK ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: answer; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.answer ENABLE ROW LEVEL SECURITY;

--
-- Name: answer answer_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_all_owner ON public.answer TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: answer_county_stamp; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.answer_county_stamp ENABLE ROW LEVEL SECURITY;

--
-- Name: answer_county_stamp answer_county_stamp_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_county_stamp_all_owner ON public.answer_county_stamp TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: answer_county_stamp answer_county_stamp_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_county_stamp_select_app ON public.answer_county_stamp FOR SELECT TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND (( SELECT app.role() AS role) = 'county_admin'::text)));


--
-- Name: answer answer_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_insert_app ON public.answer FOR INSERT TO safegrid_app WITH CHECK (app.answer_visible(county_id, township_id, user_id));


--
-- Name: answer answer_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_select_app ON public.answer FOR SELECT TO safegrid_app USING (app.answer_visible(county_id, township_id, user_id));


--
-- Name: answer_stamp; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.answer_stamp ENABLE ROW LEVEL SECURITY;

--
-- Name: answer_stamp answer_stamp_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_stamp_all_owner ON public.answer_stamp TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: answer_stamp answer_stamp_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_stamp_select_app ON public.answer_stamp FOR SELECT TO safegrid_app USING ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: answer answer_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY answer_update_app ON public.answer FOR UPDATE TO safegrid_app USING (app.answer_visible(county_id, township_id, user_id)) WITH CHECK (app.answer_visible(county_id, township_id, user_id));


--
-- Name: app_user; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.app_user ENABLE ROW LEVEL SECURITY;

--
-- Name: app_user app_user_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_all_owner ON public.app_user TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: app_user app_user_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_insert_app ON public.app_user FOR INSERT TO safegrid_app WITH CHECK (((county_id = ( SELECT app.county_id() AS county_id)) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR ((( SELECT app.role() AS role) = 'committee'::text) AND (role <> 'county_admin'::text) AND (township_id = ( SELECT app.township_id() AS township_id))))));


--
-- Name: app_user app_user_insert_staff; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_insert_staff ON public.app_user FOR INSERT TO safegrid_app WITH CHECK ((( SELECT app.may('login.staff'::text) AS may) AND ( SELECT app.enterprise_admin() AS enterprise_admin) AND (role = 'enterprise'::text) AND (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)) AND (township_id = ( SELECT app.township_id() AS township_id)) AND (county_id = ( SELECT app.county_id() AS county_id))));


--
-- Name: app_user app_user_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_select_app ON public.app_user FOR SELECT TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR ((township_id = ( SELECT app.township_id() AS township_id)) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (id = ( SELECT app.user_id() AS user_id)))))));


--
-- Name: app_user app_user_select_staff; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_select_staff ON public.app_user FOR SELECT TO safegrid_app USING (((( SELECT app.role() AS role) = 'enterprise'::text) AND (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)) AND ( SELECT app.enterprise_admin() AS enterprise_admin)));


--
-- Name: app_user app_user_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_update_app ON public.app_user FOR UPDATE TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR ((( SELECT app.role() AS role) = 'committee'::text) AND (role <> 'county_admin'::text) AND (township_id = ( SELECT app.township_id() AS township_id)))))) WITH CHECK (((county_id = ( SELECT app.county_id() AS county_id)) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR ((( SELECT app.role() AS role) = 'committee'::text) AND (role <> 'county_admin'::text) AND (township_id = ( SELECT app.township_id() AS township_id))))));


--
-- Name: app_user app_user_update_staff; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY app_user_update_staff ON public.app_user FOR UPDATE TO safegrid_app USING ((( SELECT app.may('login.staff'::text) AS may) AND ( SELECT app.enterprise_admin() AS enterprise_admin) AND (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)) AND (id <> ( SELECT app.user_id() AS user_id)))) WITH CHECK (((role = 'enterprise'::text) AND (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)) AND (township_id = ( SELECT app.township_id() AS township_id))));


--
-- Name: attachment; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.attachment ENABLE ROW LEVEL SECURITY;

--
-- Name: attachment attachment_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_all_owner ON public.attachment TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: attachment_blob; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.attachment_blob ENABLE ROW LEVEL SECURITY;

--
-- Name: attachment_blob attachment_blob_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_blob_all_owner ON public.attachment_blob TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: attachment_blob attachment_blob_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_blob_insert_app ON public.attachment_blob FOR INSERT TO safegrid_app WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: attachment_blob attachment_blob_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_blob_select_app ON public.attachment_blob FOR SELECT TO safegrid_app USING ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: attachment attachment_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_insert_app ON public.attachment FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (uploaded_by = ( SELECT app.user_id() AS user_id)) AND app.department_covers_record(township_id, entity_type, entity_id)));


--
-- Name: attachment attachment_insert_order_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_insert_order_app ON public.attachment AS RESTRICTIVE FOR INSERT TO safegrid_app WITH CHECK (((entity_type <> 'supervision_order'::text) OR app.supervision_order_attaches(township_id, entity_id)));


--
-- Name: attachment attachment_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_select_app ON public.attachment FOR SELECT TO safegrid_app USING ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: attachment attachment_select_order_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_select_order_app ON public.attachment AS RESTRICTIVE FOR SELECT TO safegrid_app USING (((entity_type <> 'supervision_order'::text) OR app.supervision_order_visible(township_id, entity_id)));


--
-- Name: attachment attachment_select_tip_staff_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_select_tip_staff_app ON public.attachment AS RESTRICTIVE FOR SELECT TO safegrid_app USING (((entity_type <> 'tip'::text) OR (NOT ( SELECT app.tip_hidden() AS tip_hidden))));


--
-- Name: attachment attachment_update_item_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY attachment_update_item_app ON public.attachment FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (uploaded_by = ( SELECT app.user_id() AS user_id)) AND (entity_type = 'inspection'::text))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (uploaded_by = ( SELECT app.user_id() AS user_id)) AND (entity_type = 'inspection'::text)));


--
-- Name: audit_log; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log audit_log_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_log_insert_app ON public.audit_log FOR INSERT TO safegrid_app WITH CHECK ((NOT (actor_id IS DISTINCT FROM ( SELECT app.user_id() AS user_id))));


--
-- Name: audit_log audit_log_insert_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_log_insert_owner ON public.audit_log FOR INSERT TO safegrid_owner WITH CHECK (true);


--
-- Name: audit_log audit_log_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_log_select_app ON public.audit_log FOR SELECT TO safegrid_app USING ((((( SELECT app.role() AS role) = 'county_admin'::text) AND (county_id = ( SELECT app.county_id() AS county_id))) OR ((( SELECT app.role() AS role) = ANY (ARRAY['committee'::text, 'supervisor'::text])) AND (township_id = ( SELECT app.township_id() AS township_id)))));


--
-- Name: audit_log audit_log_select_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_log_select_owner ON public.audit_log FOR SELECT TO safegrid_owner USING (true);


--
-- Name: campaign; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.campaign ENABLE ROW LEVEL SECURITY;

--
-- Name: campaign campaign_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_all_owner ON public.campaign TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: campaign campaign_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_insert_app ON public.campaign FOR INSERT TO safegrid_app WITH CHECK (((county_id = ( SELECT app.county_id() AS county_id)) AND (((( SELECT app.role() AS role) = 'county_admin'::text) AND ((township_id IS NULL) OR (township_id = ANY (( SELECT app.townships() AS townships)::bigint[])))) OR ((( SELECT app.role() AS role) = 'committee'::text) AND (township_id = ( SELECT app.township_id() AS township_id))))));


--
-- Name: campaign_sector; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.campaign_sector ENABLE ROW LEVEL SECURITY;

--
-- Name: campaign_sector campaign_sector_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_sector_all_owner ON public.campaign_sector TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: campaign_sector campaign_sector_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_sector_delete_app ON public.campaign_sector FOR DELETE TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.campaign c
  WHERE ((c.id = campaign_sector.campaign_id) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR (c.township_id = ( SELECT app.township_id() AS township_id)))))));


--
-- Name: campaign_sector campaign_sector_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_sector_insert_app ON public.campaign_sector FOR INSERT TO safegrid_app WITH CHECK ((EXISTS ( SELECT 1
   FROM public.campaign c
  WHERE ((c.id = campaign_sector.campaign_id) AND ((( SELECT app.role() AS role) = 'county_admin'::text) OR (c.township_id = ( SELECT app.township_id() AS township_id)))))));


--
-- Name: campaign_sector campaign_sector_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_sector_select_app ON public.campaign_sector FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.campaign c
  WHERE (c.id = campaign_sector.campaign_id))));


--
-- Name: campaign campaign_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_select_app ON public.campaign FOR SELECT TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND ((township_id IS NULL) OR (township_id = ANY (( SELECT app.townships() AS townships)::bigint[])))));


--
-- Name: campaign campaign_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY campaign_update_app ON public.campaign FOR UPDATE TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND (((( SELECT app.role() AS role) = 'county_admin'::text) AND (township_id IS NULL)) OR ((( SELECT app.role() AS role) = 'committee'::text) AND (township_id = ( SELECT app.township_id() AS township_id)))))) WITH CHECK ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: checklist; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.checklist ENABLE ROW LEVEL SECURITY;

--
-- Name: checklist checklist_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_all_owner ON public.checklist TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: checklist_category; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.checklist_category ENABLE ROW LEVEL SECURITY;

--
-- Name: checklist_category checklist_category_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_category_all_owner ON public.checklist_category TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: checklist_category checklist_category_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_category_select_app ON public.checklist_category FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_category.checklist_id))));


--
-- Name: checklist_category checklist_category_write_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_category_write_app ON public.checklist_category TO safegrid_app USING (((( SELECT app.role() AS role) = 'county_admin'::text) AND (EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_category.checklist_id))))) WITH CHECK (((( SELECT app.role() AS role) = 'county_admin'::text) AND (EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_category.checklist_id)))));


--
-- Name: checklist checklist_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_insert_app ON public.checklist FOR INSERT TO safegrid_app WITH CHECK (((county_id = ( SELECT app.county_id() AS county_id)) AND (( SELECT app.role() AS role) = 'county_admin'::text)));


--
-- Name: checklist_item; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.checklist_item ENABLE ROW LEVEL SECURITY;

--
-- Name: checklist_item checklist_item_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_item_all_owner ON public.checklist_item TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: checklist_item checklist_item_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_item_select_app ON public.checklist_item FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_item.checklist_id))));


--
-- Name: checklist_item checklist_item_write_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_item_write_app ON public.checklist_item TO safegrid_app USING (((( SELECT app.role() AS role) = 'county_admin'::text) AND (EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_item.checklist_id))))) WITH CHECK (((( SELECT app.role() AS role) = 'county_admin'::text) AND (EXISTS ( SELECT 1
   FROM public.checklist c
  WHERE (c.id = checklist_item.checklist_id)))));


--
-- Name: checklist checklist_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_select_app ON public.checklist FOR SELECT TO safegrid_app USING ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: checklist checklist_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY checklist_update_app ON public.checklist FOR UPDATE TO safegrid_app USING (((county_id = ( SELECT app.county_id() AS county_id)) AND (( SELECT app.role() AS role) = 'county_admin'::text))) WITH CHECK ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: county; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.county ENABLE ROW LEVEL SECURITY;

--
-- Name: county county_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY county_all_owner ON public.county TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: county county_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY county_select_app ON public.county FOR SELECT TO safegrid_app USING ((id = ( SELECT app.county_id() AS county_id)));


--
-- Name: daily_report; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.daily_report ENABLE ROW LEVEL SECURITY;

--
-- Name: daily_report daily_report_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_all_owner ON public.daily_report TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: daily_report daily_report_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_insert_app ON public.daily_report FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = ANY (ARRAY['committee'::text, 'department'::text])) AND (submitted_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: daily_report_read; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.daily_report_read ENABLE ROW LEVEL SECURITY;

--
-- Name: daily_report_read daily_report_read_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_read_all_owner ON public.daily_report_read TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: daily_report_read daily_report_read_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_read_insert_app ON public.daily_report_read FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'committee'::text) AND (read_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: daily_report_read daily_report_read_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_read_select_app ON public.daily_report_read FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: daily_report_read daily_report_read_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_read_update_app ON public.daily_report_read FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'committee'::text))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (read_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: daily_report daily_report_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_select_app ON public.daily_report FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: daily_report daily_report_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY daily_report_update_app ON public.daily_report FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = ANY (ARRAY['committee'::text, 'department'::text])))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (submitted_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: document; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.document ENABLE ROW LEVEL SECURITY;

--
-- Name: document document_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_all_owner ON public.document TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: document document_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_insert_app ON public.document FOR INSERT TO safegrid_app WITH CHECK ((( SELECT app.may('document.send'::text) AS may) AND (((( SELECT app.role() AS role) <> 'county_admin'::text) AND (township_id = ( SELECT app.township_id() AS township_id))) OR ((( SELECT app.role() AS role) = 'county_admin'::text) AND (township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (sent_by = ( SELECT app.user_id() AS user_id))))));


--
-- Name: document_recipient; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.document_recipient ENABLE ROW LEVEL SECURITY;

--
-- Name: document_recipient document_recipient_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_recipient_all_owner ON public.document_recipient TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: document_recipient document_recipient_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_recipient_insert_app ON public.document_recipient FOR INSERT TO safegrid_app WITH CHECK ((( SELECT app.may('document.send'::text) AS may) AND (((( SELECT app.role() AS role) <> 'county_admin'::text) AND (township_id = ( SELECT app.township_id() AS township_id)) AND (recipient_kind <> 'township'::text)) OR ((( SELECT app.role() AS role) = 'county_admin'::text) AND (township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (recipient_kind = 'township'::text) AND (recipient_id = township_id)))));


--
-- Name: document_recipient document_recipient_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_recipient_select_app ON public.document_recipient FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR ((recipient_kind = 'enterprise'::text) AND (recipient_id = ( SELECT app.enterprise_id() AS enterprise_id))))));


--
-- Name: document_recipient document_recipient_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_recipient_update_app ON public.document_recipient FOR UPDATE TO safegrid_app USING (app.answers_for(township_id, recipient_kind, recipient_id)) WITH CHECK ((app.answers_for(township_id, recipient_kind, recipient_id) AND (acknowledged_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: document document_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_select_app ON public.document FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (EXISTS ( SELECT 1
   FROM public.document_recipient r
  WHERE ((r.township_id = document.township_id) AND (r.document_id = document.id) AND (r.recipient_kind = 'enterprise'::text) AND (r.recipient_id = ( SELECT app.enterprise_id() AS enterprise_id))))))));


--
-- Name: document document_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY document_update_app ON public.document FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'committee'::text))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: enterprise; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.enterprise ENABLE ROW LEVEL SECURITY;

--
-- Name: enterprise enterprise_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_all_owner ON public.enterprise TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: enterprise_assignment; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.enterprise_assignment ENABLE ROW LEVEL SECURITY;

--
-- Name: enterprise_assignment enterprise_assignment_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_assignment_all_owner ON public.enterprise_assignment TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: enterprise_assignment enterprise_assignment_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_assignment_delete_app ON public.enterprise_assignment FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: enterprise_assignment enterprise_assignment_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_assignment_insert_app ON public.enterprise_assignment FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: enterprise_assignment enterprise_assignment_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_assignment_select_app ON public.enterprise_assignment FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: enterprise_assignment enterprise_assignment_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_assignment_update_app ON public.enterprise_assignment FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: enterprise_cadres; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.enterprise_cadres ENABLE ROW LEVEL SECURITY;

--
-- Name: enterprise_cadres enterprise_cadres_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_cadres_all_owner ON public.enterprise_cadres TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: enterprise_cadres enterprise_cadres_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_cadres_select_app ON public.enterprise_cadres FOR SELECT TO safegrid_app USING (( SELECT true
   FROM public.enterprise_assignment a
  WHERE ((a.enterprise_id = enterprise_cadres.enterprise_id) AND (a.township_id = enterprise_cadres.township_id))
 LIMIT 1));


--
-- Name: enterprise enterprise_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_insert_app ON public.enterprise FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('enterprise.manage'::text) AS may)));


--
-- Name: enterprise enterprise_insert_applied; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_insert_applied ON public.enterprise FOR INSERT TO safegrid_app WITH CHECK (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ( SELECT app.may('application.decide'::text) AS may) AND app.application_pending(township_id, credit_code)));


--
-- Name: enterprise enterprise_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_select_app ON public.enterprise FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (id = ( SELECT app.enterprise_id() AS enterprise_id)))));


--
-- Name: enterprise enterprise_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY enterprise_update_app ON public.enterprise FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('enterprise.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: grid_node; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.grid_node ENABLE ROW LEVEL SECURITY;

--
-- Name: grid_node grid_node_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_all_owner ON public.grid_node TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: grid_node grid_node_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_delete_app ON public.grid_node FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: grid_node grid_node_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_insert_app ON public.grid_node FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: grid_node_move; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.grid_node_move ENABLE ROW LEVEL SECURITY;

--
-- Name: grid_node_move grid_node_move_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_all_owner ON public.grid_node_move TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: grid_node_move grid_node_move_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_delete_app ON public.grid_node_move FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: grid_node_move grid_node_move_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_insert_app ON public.grid_node_move FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: grid_node_move grid_node_move_insert_mover; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_insert_mover ON public.grid_node_move FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (moved_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: grid_node_move grid_node_move_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_select_app ON public.grid_node_move FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: grid_node_move grid_node_move_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_move_update_app ON public.grid_node_move FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: grid_node grid_node_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_select_app ON public.grid_node FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: grid_node grid_node_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_node_update_app ON public.grid_node FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: grid_subtree; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.grid_subtree ENABLE ROW LEVEL SECURITY;

--
-- Name: grid_subtree grid_subtree_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_subtree_all_owner ON public.grid_subtree TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: grid_subtree grid_subtree_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY grid_subtree_select_app ON public.grid_subtree FOR SELECT TO safegrid_app USING (( SELECT true
   FROM public.grid_node g
  WHERE ((g.township_id = grid_subtree.township_id) AND (g.id = grid_subtree.node_id))));


--
-- Name: group_member; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.group_member ENABLE ROW LEVEL SECURITY;

--
-- Name: group_member group_member_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY group_member_all_owner ON public.group_member TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: group_member group_member_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY group_member_delete_app ON public.group_member FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: group_member group_member_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY group_member_insert_app ON public.group_member FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: group_member group_member_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY group_member_select_app ON public.group_member FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: group_member group_member_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY group_member_update_app ON public.group_member FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: hazard; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard hazard_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_all_owner ON public.hazard TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_card; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard_card ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard_card hazard_card_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_card_all_owner ON public.hazard_card TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_card hazard_card_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_card_select_app ON public.hazard_card FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)))));


--
-- Name: hazard_day; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard_day ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard_day hazard_day_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_day_all_owner ON public.hazard_day TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_day hazard_day_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_day_select_app ON public.hazard_day FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: hazard_due_count; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard_due_count ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard_due_count hazard_due_count_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_due_count_all_owner ON public.hazard_due_count TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_due_count hazard_due_count_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_due_count_select_app ON public.hazard_due_count FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: hazard_event; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard_event ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard_event hazard_event_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_event_all_owner ON public.hazard_event TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_event hazard_event_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_event_insert_app ON public.hazard_event FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (actor_id = ( SELECT app.user_id() AS user_id)) AND (EXISTS ( SELECT 1
   FROM public.hazard h
  WHERE ((h.township_id = hazard_event.township_id) AND (h.id = hazard_event.hazard_id))))));


--
-- Name: hazard_event hazard_event_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_event_select_app ON public.hazard_event FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.hazard h
  WHERE ((h.township_id = hazard_event.township_id) AND (h.id = hazard_event.hazard_id)))));


--
-- Name: hazard hazard_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_insert_app ON public.hazard FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND
CASE source
    WHEN 'registration'::text THEN (( SELECT app.may('hazard.register'::text) AS may) AND (( SELECT app.role() AS role) <> 'enterprise'::text))
    WHEN 'self_report'::text THEN (( SELECT app.may('hazard.register'::text) AS may) AND (( SELECT app.role() AS role) = 'enterprise'::text))
    WHEN 'inspection'::text THEN ( SELECT app.may('inspection.write'::text) AS may)
    WHEN 'tip'::text THEN ( SELECT app.may('tip.handle'::text) AS may)
    ELSE false
END AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))) AND app.department_covers(township_id, sector_id, enterprise_id)));


--
-- Name: hazard hazard_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_select_app ON public.hazard FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)))));


--
-- Name: hazard_tally; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.hazard_tally ENABLE ROW LEVEL SECURITY;

--
-- Name: hazard_tally hazard_tally_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_tally_all_owner ON public.hazard_tally TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: hazard_tally hazard_tally_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_tally_select_app ON public.hazard_tally FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: hazard hazard_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY hazard_update_app ON public.hazard FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.may('hazard.edit'::text) AS may) OR ( SELECT app.may('hazard.extend'::text) AS may) OR ( SELECT app.may('hazard.transition'::text) AS may)) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND app.department_covers(township_id, sector_id, enterprise_id)));


--
-- Name: idempotency_key; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.idempotency_key ENABLE ROW LEVEL SECURITY;

--
-- Name: idempotency_key idempotency_key_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY idempotency_key_all_owner ON public.idempotency_key TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: idempotency_key idempotency_key_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY idempotency_key_delete_app ON public.idempotency_key FOR DELETE TO safegrid_app USING ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: idempotency_key idempotency_key_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY idempotency_key_insert_app ON public.idempotency_key FOR INSERT TO safegrid_app WITH CHECK ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: idempotency_key idempotency_key_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY idempotency_key_select_app ON public.idempotency_key FOR SELECT TO safegrid_app USING ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: idempotency_key idempotency_key_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY idempotency_key_update_app ON public.idempotency_key FOR UPDATE TO safegrid_app USING ((user_id = ( SELECT app.user_id() AS user_id))) WITH CHECK ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: inspected_enterprise; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.inspected_enterprise ENABLE ROW LEVEL SECURITY;

--
-- Name: inspected_enterprise inspected_enterprise_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspected_enterprise_all_owner ON public.inspected_enterprise TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: inspected_enterprise inspected_enterprise_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspected_enterprise_select_app ON public.inspected_enterprise FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: inspection; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.inspection ENABLE ROW LEVEL SECURITY;

--
-- Name: inspection inspection_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_all_owner ON public.inspection TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: inspection_card; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.inspection_card ENABLE ROW LEVEL SECURITY;

--
-- Name: inspection_card inspection_card_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_card_all_owner ON public.inspection_card TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: inspection_card inspection_card_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_card_select_app ON public.inspection_card FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.inspection i
  WHERE ((i.township_id = inspection_card.township_id) AND (i.id = inspection_card.inspection_id)))));


--
-- Name: inspection inspection_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_insert_app ON public.inspection FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('inspection.write'::text) AS may) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR ((enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id)) AND (kind = 'self'::text))) AND app.department_covers_enterprise(township_id, enterprise_id)));


--
-- Name: inspection_result; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.inspection_result ENABLE ROW LEVEL SECURITY;

--
-- Name: inspection_result inspection_result_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_result_all_owner ON public.inspection_result TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: inspection_result inspection_result_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_result_select_app ON public.inspection_result FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.inspection i
  WHERE ((i.township_id = inspection_result.township_id) AND (i.id = inspection_result.inspection_id)))));


--
-- Name: inspection_result inspection_result_write_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_result_write_app ON public.inspection_result TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('inspection.write'::text) AS may) AND (EXISTS ( SELECT 1
   FROM public.inspection i
  WHERE ((i.township_id = inspection_result.township_id) AND (i.id = inspection_result.inspection_id) AND app.department_covers_enterprise(i.township_id, i.enterprise_id)))))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('inspection.write'::text) AS may) AND (EXISTS ( SELECT 1
   FROM public.inspection i
  WHERE ((i.township_id = inspection_result.township_id) AND (i.id = inspection_result.inspection_id) AND app.department_covers_enterprise(i.township_id, i.enterprise_id))))));


--
-- Name: inspection inspection_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_select_app ON public.inspection FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))) AND ((kind <> 'unannounced'::text) OR (status = 'submitted'::text) OR (( SELECT app.role() AS role) = 'supervisor'::text))));


--
-- Name: inspection_tally; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.inspection_tally ENABLE ROW LEVEL SECURITY;

--
-- Name: inspection_tally inspection_tally_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_tally_all_owner ON public.inspection_tally TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: inspection_tally inspection_tally_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_tally_select_app ON public.inspection_tally FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.inspection i
  WHERE ((i.township_id = inspection_tally.township_id) AND (i.id = inspection_tally.inspection_id)))));


--
-- Name: inspection inspection_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY inspection_update_app ON public.inspection FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('inspection.write'::text) AS may) AND ((( SELECT app.role() AS role) <> 'enterprise'::text) OR (enterprise_id = ( SELECT app.enterprise_id() AS enterprise_id))))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND app.department_covers_enterprise(township_id, enterprise_id)));


--
-- Name: login_application; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.login_application ENABLE ROW LEVEL SECURITY;

--
-- Name: login_application login_application_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY login_application_all_owner ON public.login_application TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: login_application login_application_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY login_application_select_app ON public.login_application FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ( SELECT app.may('application.decide'::text) AS may)));


--
-- Name: login_application login_application_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY login_application_update_app ON public.login_application FOR UPDATE TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ( SELECT app.may('application.decide'::text) AS may))) WITH CHECK ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: notification; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.notification ENABLE ROW LEVEL SECURITY;

--
-- Name: notification notification_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notification_all_owner ON public.notification TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: notification_outbox; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.notification_outbox ENABLE ROW LEVEL SECURITY;

--
-- Name: notification_outbox notification_outbox_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notification_outbox_all_owner ON public.notification_outbox TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: notification notification_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notification_select_app ON public.notification FOR SELECT TO safegrid_app USING ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: notification notification_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notification_update_app ON public.notification FOR UPDATE TO safegrid_app USING (((user_id = ( SELECT app.user_id() AS user_id)) AND ( SELECT app.may('notification'::text) AS may))) WITH CHECK ((user_id = ( SELECT app.user_id() AS user_id)));


--
-- Name: responsibility_letter; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.responsibility_letter ENABLE ROW LEVEL SECURITY;

--
-- Name: responsibility_letter responsibility_letter_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY responsibility_letter_all_owner ON public.responsibility_letter TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: responsibility_letter responsibility_letter_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY responsibility_letter_delete_app ON public.responsibility_letter FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: responsibility_letter responsibility_letter_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY responsibility_letter_insert_app ON public.responsibility_letter FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: responsibility_letter responsibility_letter_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY responsibility_letter_select_app ON public.responsibility_letter FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: responsibility_letter responsibility_letter_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY responsibility_letter_update_app ON public.responsibility_letter FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: sector; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.sector ENABLE ROW LEVEL SECURITY;

--
-- Name: sector sector_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY sector_all_owner ON public.sector TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: sector sector_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY sector_insert_app ON public.sector FOR INSERT TO safegrid_app WITH CHECK (((( SELECT app.role() AS role) = 'county_admin'::text) AND (county_id = ( SELECT app.county_id() AS county_id))));


--
-- Name: sector sector_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY sector_select_app ON public.sector FOR SELECT TO safegrid_app USING ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: sector sector_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY sector_update_app ON public.sector FOR UPDATE TO safegrid_app USING (((( SELECT app.role() AS role) = 'county_admin'::text) AND (county_id = ( SELECT app.county_id() AS county_id)))) WITH CHECK ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: supervision_order; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order supervision_order_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_all_owner ON public.supervision_order TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_card; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_card ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_card supervision_order_card_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_card_all_owner ON public.supervision_order_card TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_card supervision_order_card_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_card_select_app ON public.supervision_order_card FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.supervision_order o
  WHERE ((o.township_id = supervision_order_card.township_id) AND (o.id = supervision_order_card.order_id)))));


--
-- Name: supervision_order_counter; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_counter ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_counter supervision_order_counter_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_counter_all_owner ON public.supervision_order_counter TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_event; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_event ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_event supervision_order_event_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_event_all_owner ON public.supervision_order_event TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_event supervision_order_event_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_event_insert_app ON public.supervision_order_event FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (actor_id = ( SELECT app.user_id() AS user_id)) AND ((action = 'issue'::text) OR app.supervision_order_visible(township_id, order_id))));


--
-- Name: supervision_order_event supervision_order_event_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_event_select_app ON public.supervision_order_event FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.supervision_order o
  WHERE ((o.township_id = supervision_order_event.township_id) AND (o.id = supervision_order_event.order_id)))));


--
-- Name: supervision_order_hazard; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_hazard ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_hazard supervision_order_hazard_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_hazard_all_owner ON public.supervision_order_hazard TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_hazard supervision_order_hazard_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_hazard_insert_app ON public.supervision_order_hazard FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text)));


--
-- Name: supervision_order_hazard supervision_order_hazard_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_hazard_select_app ON public.supervision_order_hazard FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.supervision_order o
  WHERE ((o.township_id = supervision_order_hazard.township_id) AND (o.id = supervision_order_hazard.order_id)))));


--
-- Name: supervision_order supervision_order_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_insert_app ON public.supervision_order FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text) AND (issued_by = ( SELECT app.user_id() AS user_id))));


--
-- Name: supervision_order supervision_order_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_select_app ON public.supervision_order FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND ((( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text])) OR ((( SELECT app.role() AS role) = 'department'::text) AND app.supervision_order_mine(addressee_user_id)))));


--
-- Name: supervision_order_task; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.supervision_order_task ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_task supervision_order_task_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_task_all_owner ON public.supervision_order_task TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: supervision_order_task supervision_order_task_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_task_insert_app ON public.supervision_order_task FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (( SELECT app.role() AS role) = 'supervisor'::text)));


--
-- Name: supervision_order_task supervision_order_task_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_task_select_app ON public.supervision_order_task FOR SELECT TO safegrid_app USING ((EXISTS ( SELECT 1
   FROM public.supervision_order o
  WHERE ((o.township_id = supervision_order_task.township_id) AND (o.id = supervision_order_task.order_id)))));


--
-- Name: supervision_order supervision_order_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY supervision_order_update_app ON public.supervision_order FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ((( SELECT app.role() AS role) = 'supervisor'::text) OR app.supervision_order_mine(addressee_user_id)))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: task; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.task ENABLE ROW LEVEL SECURITY;

--
-- Name: task task_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_all_owner ON public.task TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: task task_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_delete_app ON public.task FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: task task_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_insert_app ON public.task FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: task task_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_select_app ON public.task FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: task task_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_update_app ON public.task FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: task task_update_assignee; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_update_assignee ON public.task FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND (assignee_user_id = ( SELECT app.user_id() AS user_id)))) WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND (assignee_user_id = ( SELECT app.user_id() AS user_id))));


--
-- Name: tip; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tip ENABLE ROW LEVEL SECURITY;

--
-- Name: tip tip_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tip_all_owner ON public.tip TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: tip tip_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tip_select_app ON public.tip FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text, 'supervisor'::text, 'department'::text]))));


--
-- Name: tip tip_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tip_update_app ON public.tip FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('tip.handle'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: township; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.township ENABLE ROW LEVEL SECURITY;

--
-- Name: township township_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_all_owner ON public.township TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: township township_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_insert_app ON public.township FOR INSERT TO safegrid_app WITH CHECK (((( SELECT app.role() AS role) = 'county_admin'::text) AND (county_id = ( SELECT app.county_id() AS county_id))));


--
-- Name: township township_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_select_app ON public.township FOR SELECT TO safegrid_app USING (((id = ANY (( SELECT app.townships() AS townships)::bigint[])) OR ((( SELECT app.role() AS role) = 'county_admin'::text) AND (county_id = ( SELECT app.county_id() AS county_id)))));


--
-- Name: township_tally; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.township_tally ENABLE ROW LEVEL SECURITY;

--
-- Name: township_tally township_tally_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_tally_all_owner ON public.township_tally TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: township_tally township_tally_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_tally_select_app ON public.township_tally FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: township township_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY township_update_app ON public.township FOR UPDATE TO safegrid_app USING (((( SELECT app.role() AS role) = 'county_admin'::text) AND (id = ANY (( SELECT app.townships() AS townships)::bigint[])))) WITH CHECK ((county_id = ( SELECT app.county_id() AS county_id)));


--
-- Name: user_sector; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.user_sector ENABLE ROW LEVEL SECURITY;

--
-- Name: user_sector user_sector_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_sector_all_owner ON public.user_sector TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: user_sector user_sector_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_sector_delete_app ON public.user_sector FOR DELETE TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text]))));


--
-- Name: user_sector user_sector_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_sector_insert_app ON public.user_sector FOR INSERT TO safegrid_app WITH CHECK (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) = ANY (ARRAY['county_admin'::text, 'committee'::text]))));


--
-- Name: user_sector user_sector_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_sector_select_app ON public.user_sector FOR SELECT TO safegrid_app USING ((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])));


--
-- Name: working_group; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.working_group ENABLE ROW LEVEL SECURITY;

--
-- Name: working_group working_group_all_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY working_group_all_owner ON public.working_group TO safegrid_owner USING (true) WITH CHECK (true);


--
-- Name: working_group working_group_delete_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY working_group_delete_app ON public.working_group FOR DELETE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: working_group working_group_insert_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY working_group_insert_app ON public.working_group FOR INSERT TO safegrid_app WITH CHECK (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may)));


--
-- Name: working_group working_group_select_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY working_group_select_app ON public.working_group FOR SELECT TO safegrid_app USING (((township_id = ANY (( SELECT app.townships() AS townships)::bigint[])) AND (( SELECT app.role() AS role) <> 'enterprise'::text)));


--
-- Name: working_group working_group_update_app; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY working_group_update_app ON public.working_group FOR UPDATE TO safegrid_app USING (((township_id = ( SELECT app.township_id() AS township_id)) AND ( SELECT app.may('organization.manage'::text) AS may))) WITH CHECK ((township_id = ( SELECT app.township_id() AS township_id)));


--
-- Name: SCHEMA app; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA app TO safegrid_app;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO safegrid_app;


--
-- Name: FUNCTION accountability_kind_check(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.accountability_kind_check() FROM PUBLIC;


--
-- Name: FUNCTION activation_code_audit(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.activation_code_audit() FROM PUBLIC;


--
-- Name: FUNCTION activation_redeem(p_user_id bigint, p_code_hash text, p_password_hash text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.activation_redeem(p_user_id bigint, p_code_hash text, p_password_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.activation_redeem(p_user_id bigint, p_code_hash text, p_password_hash text) TO safegrid_app;


--
-- Name: FUNCTION activation_sms_expire(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.activation_sms_expire() FROM PUBLIC;


--
-- Name: FUNCTION activation_sms_queue(p_items jsonb); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.activation_sms_queue(p_items jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION app.activation_sms_queue(p_items jsonb) TO safegrid_app;


--
-- Name: FUNCTION activation_sms_withdraw(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.activation_sms_withdraw() FROM PUBLIC;


--
-- Name: FUNCTION answer(p_view text, p_township_id bigint, p_arg text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer(p_view text, p_township_id bigint, p_arg text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.answer(p_view text, p_township_id bigint, p_arg text) TO safegrid_app;


--
-- Name: FUNCTION answer_bump(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_bump(p_township_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION answer_bump_county(p_county_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_bump_county(p_county_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION answer_touch(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_touch() FROM PUBLIC;


--
-- Name: FUNCTION answer_touch_county(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_touch_county() FROM PUBLIC;


--
-- Name: FUNCTION answer_touch_township(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_touch_township() FROM PUBLIC;


--
-- Name: FUNCTION answer_visible(p_county_id bigint, p_township_id bigint, p_user_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answer_visible(p_county_id bigint, p_township_id bigint, p_user_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.answer_visible(p_county_id bigint, p_township_id bigint, p_user_id bigint) TO safegrid_app;


--
-- Name: FUNCTION answers_for(p_township_id bigint, p_kind text, p_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.answers_for(p_township_id bigint, p_kind text, p_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.answers_for(p_township_id bigint, p_kind text, p_id bigint) TO safegrid_app;


--
-- Name: FUNCTION app_user_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.app_user_guard() FROM PUBLIC;


--
-- Name: FUNCTION application_pending(p_township_id bigint, p_credit_code text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.application_pending(p_township_id bigint, p_credit_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.application_pending(p_township_id bigint, p_credit_code text) TO safegrid_app;


--
-- Name: FUNCTION audit(p_action text, p_entity_type text, p_entity_id bigint, p_township_id bigint, p_before jsonb, p_after jsonb, p_actor_id bigint, p_county_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.audit(p_action text, p_entity_type text, p_entity_id bigint, p_township_id bigint, p_before jsonb, p_after jsonb, p_actor_id bigint, p_county_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.audit(p_action text, p_entity_type text, p_entity_id bigint, p_township_id bigint, p_before jsonb, p_after jsonb, p_actor_id bigint, p_county_id bigint) TO safegrid_app;


--
-- Name: FUNCTION audit_refuse(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.audit_refuse() FROM PUBLIC;


--
-- Name: FUNCTION audit_row(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.audit_row() FROM PUBLIC;


--
-- Name: FUNCTION campaign_closed_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.campaign_closed_guard() FROM PUBLIC;


--
-- Name: FUNCTION checklist_frozen_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.checklist_frozen_guard() FROM PUBLIC;


--
-- Name: TABLE checklist_item; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.checklist_item TO safegrid_app;


--
-- Name: FUNCTION checklist_item_json(i public.checklist_item); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.checklist_item_json(i public.checklist_item) FROM PUBLIC;
GRANT ALL ON FUNCTION app.checklist_item_json(i public.checklist_item) TO safegrid_app;


--
-- Name: FUNCTION checklist_seed_default(p_county_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.checklist_seed_default(p_county_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION checklist_state_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.checklist_state_guard() FROM PUBLIC;


--
-- Name: FUNCTION checklist_tree(p_checklist_id bigint, p_item_extra jsonb); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.checklist_tree(p_checklist_id bigint, p_item_extra jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION app.checklist_tree(p_checklist_id bigint, p_item_extra jsonb) TO safegrid_app;


--
-- Name: FUNCTION county_checklist(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.county_checklist() FROM PUBLIC;


--
-- Name: FUNCTION county_id(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.county_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.county_id() TO safegrid_app;


--
-- Name: FUNCTION county_sectors(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.county_sectors() FROM PUBLIC;


--
-- Name: FUNCTION credit_code_valid(p_code text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.credit_code_valid(p_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.credit_code_valid(p_code text) TO safegrid_app;


--
-- Name: FUNCTION daily_county(p_date date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.daily_county(p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.daily_county(p_date date) TO safegrid_app;


--
-- Name: FUNCTION daily_figures(p_township_id bigint, p_date date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.daily_figures(p_township_id bigint, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.daily_figures(p_township_id bigint, p_date date) TO safegrid_app;


--
-- Name: FUNCTION daily_not_reported(p_township_id bigint, p_date date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.daily_not_reported(p_township_id bigint, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.daily_not_reported(p_township_id bigint, p_date date) TO safegrid_app;


--
-- Name: FUNCTION daily_report(p_township_id bigint, p_date date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.daily_report(p_township_id bigint, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.daily_report(p_township_id bigint, p_date date) TO safegrid_app;


--
-- Name: FUNCTION dashboard_committee(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.dashboard_committee(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.dashboard_committee(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION dashboard_county(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.dashboard_county(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.dashboard_county(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION dashboard_department(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.dashboard_department(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.dashboard_department(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION dashboard_enterprise(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.dashboard_enterprise(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.dashboard_enterprise(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION dashboard_supervisor(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.dashboard_supervisor(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.dashboard_supervisor(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION department_covers(p_township_id bigint, p_sector_id bigint, p_enterprise_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.department_covers(p_township_id bigint, p_sector_id bigint, p_enterprise_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.department_covers(p_township_id bigint, p_sector_id bigint, p_enterprise_id bigint) TO safegrid_app;


--
-- Name: FUNCTION department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.department_covers_enterprise(p_township_id bigint, p_enterprise_id bigint) TO safegrid_app;


--
-- Name: FUNCTION department_covers_record(p_township_id bigint, p_entity_type text, p_entity_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.department_covers_record(p_township_id bigint, p_entity_type text, p_entity_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.department_covers_record(p_township_id bigint, p_entity_type text, p_entity_id bigint) TO safegrid_app;


--
-- Name: FUNCTION document_recipient_notify(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.document_recipient_notify() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_admin(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_admin() FROM PUBLIC;
GRANT ALL ON FUNCTION app.enterprise_admin() TO safegrid_app;


--
-- Name: FUNCTION enterprise_admin_first(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_admin_first() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_cadres_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_change() FROM PUBLIC;


--
-- Name: TABLE enterprise_cadres; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.enterprise_cadres TO safegrid_app;


--
-- Name: FUNCTION enterprise_cadres_computed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_computed() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_cadres_differing(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_differing() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_cadres_of_changed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_of_changed() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_cadres_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_cadres_refresh(p_ids bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_cadres_refresh(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION enterprise_closed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_closed() FROM PUBLIC;


--
-- Name: FUNCTION enterprise_id(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.enterprise_id() TO safegrid_app;


--
-- Name: FUNCTION enterprise_user_ids(p_township_id bigint, p_enterprise_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_user_ids(p_township_id bigint, p_enterprise_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION enterprise_username(p_credit_code text, p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_username(p_credit_code text, p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.enterprise_username(p_credit_code text, p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION enterprise_users(p_township_id bigint, p_enterprise_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.enterprise_users(p_township_id bigint, p_enterprise_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION five_items_complete(p jsonb); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.five_items_complete(p jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION app.five_items_complete(p jsonb) TO safegrid_app;


--
-- Name: FUNCTION grid_node_level_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_node_level_guard() FROM PUBLIC;


--
-- Name: FUNCTION grid_node_moved(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_node_moved() FROM PUBLIC;


--
-- Name: FUNCTION grid_node_within(p_node bigint, p_ancestor bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_node_within(p_node bigint, p_ancestor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.grid_node_within(p_node bigint, p_ancestor bigint) TO safegrid_app;


--
-- Name: FUNCTION grid_subtrees_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_subtrees_change() FROM PUBLIC;


--
-- Name: TABLE grid_subtree; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.grid_subtree TO safegrid_app;


--
-- Name: FUNCTION grid_subtrees_computed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_subtrees_computed() FROM PUBLIC;


--
-- Name: FUNCTION grid_subtrees_differing(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_subtrees_differing() FROM PUBLIC;


--
-- Name: FUNCTION grid_subtrees_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_subtrees_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION grid_subtrees_refresh(p_townships bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_subtrees_refresh(p_townships bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION grid_tree(p_township_id bigint, p_node_id bigint, p_counts boolean); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.grid_tree(p_township_id bigint, p_node_id bigint, p_counts boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION app.grid_tree(p_township_id bigint, p_node_id bigint, p_counts boolean) TO safegrid_app;


--
-- Name: TABLE hazard_card; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.hazard_card TO safegrid_app;


--
-- Name: FUNCTION hazard_card_json(c public.hazard_card, p_source text, p_tip_id bigint, p_status text, p_deadline date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_card_json(c public.hazard_card, p_source text, p_tip_id bigint, p_status text, p_deadline date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_card_json(c public.hazard_card, p_source text, p_tip_id bigint, p_status text, p_deadline date) TO safegrid_app;


--
-- Name: FUNCTION hazard_cards_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_change() FROM PUBLIC;


--
-- Name: FUNCTION hazard_cards_computed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_computed() FROM PUBLIC;


--
-- Name: FUNCTION hazard_cards_differing(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_differing() FROM PUBLIC;


--
-- Name: FUNCTION hazard_cards_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION hazard_cards_refresh(p_ids bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_refresh(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION hazard_cards_renamed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_cards_renamed() FROM PUBLIC;


--
-- Name: FUNCTION hazard_due_deadline(p_status text, p_deadline date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_due_deadline(p_status text, p_deadline date) FROM PUBLIC;


--
-- Name: FUNCTION hazard_event_note_shown(p_note text, p_action text, p_source text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_event_note_shown(p_note text, p_action text, p_source text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_event_note_shown(p_note text, p_action text, p_source text) TO safegrid_app;


--
-- Name: FUNCTION hazard_event_notify(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_event_notify() FROM PUBLIC;


--
-- Name: FUNCTION hazard_extend(p_id bigint, p_deadline date, p_reason text, p_version integer); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_extend(p_id bigint, p_deadline date, p_reason text, p_version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_extend(p_id bigint, p_deadline date, p_reason text, p_version integer) TO safegrid_app;


--
-- Name: FUNCTION hazard_listed_orders(p_township_id bigint, p_hazard_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_listed_orders(p_township_id bigint, p_hazard_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_listed_orders(p_township_id bigint, p_hazard_id bigint) TO safegrid_app;


--
-- Name: FUNCTION hazard_notify(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_notify() FROM PUBLIC;


--
-- Name: FUNCTION user_id(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.user_id() TO safegrid_app;


--
-- Name: FUNCTION hazard_open(p jsonb, p_enterprise_id bigint, p_source text, p_inspection_id bigint, p_item_id bigint, p_tip_id bigint, p_note text, p_attachment_ids bigint[], p_actor_id bigint, p_at timestamp with time zone); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_open(p jsonb, p_enterprise_id bigint, p_source text, p_inspection_id bigint, p_item_id bigint, p_tip_id bigint, p_note text, p_attachment_ids bigint[], p_actor_id bigint, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_open(p jsonb, p_enterprise_id bigint, p_source text, p_inspection_id bigint, p_item_id bigint, p_tip_id bigint, p_note text, p_attachment_ids bigint[], p_actor_id bigint, p_at timestamp with time zone) TO safegrid_app;


--
-- Name: FUNCTION hazard_overdue(p_status text, p_deadline date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_overdue(p_status text, p_deadline date) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_overdue(p_status text, p_deadline date) TO safegrid_app;


--
-- Name: FUNCTION hazard_reminders_owed(p_kind text, p_from date, p_to date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_reminders_owed(p_kind text, p_from date, p_to date) FROM PUBLIC;


--
-- Name: FUNCTION hazard_rules(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_rules() FROM PUBLIC;


--
-- Name: FUNCTION hazard_source_shown(p_source text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_source_shown(p_source text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_source_shown(p_source text) TO safegrid_app;


--
-- Name: FUNCTION hazard_status_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_status_guard() FROM PUBLIC;


--
-- Name: FUNCTION hazard_tallies_apply(p_delta app.hazard_delta[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_tallies_apply(p_delta app.hazard_delta[]) FROM PUBLIC;


--
-- Name: FUNCTION hazard_tallies_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_tallies_change() FROM PUBLIC;


--
-- Name: FUNCTION hazard_tip_id_shown(p_tip_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.hazard_tip_id_shown(p_tip_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.hazard_tip_id_shown(p_tip_id bigint) TO safegrid_app;


--
-- Name: FUNCTION idempotency_claim(p_key text, p_fingerprint text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.idempotency_claim(p_key text, p_fingerprint text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.idempotency_claim(p_key text, p_fingerprint text) TO safegrid_app;


--
-- Name: FUNCTION inspection_cards_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_change() FROM PUBLIC;


--
-- Name: TABLE inspection_card; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.inspection_card TO safegrid_app;


--
-- Name: FUNCTION inspection_cards_computed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_computed() FROM PUBLIC;


--
-- Name: FUNCTION inspection_cards_differing(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_differing() FROM PUBLIC;


--
-- Name: FUNCTION inspection_cards_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION inspection_cards_refresh(p_ids bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_refresh(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION inspection_cards_renamed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_cards_renamed() FROM PUBLIC;


--
-- Name: FUNCTION inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint, p_at timestamp with time zone); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION app.inspection_open_hazards(p_inspection_id bigint, p_actor_id bigint, p_at timestamp with time zone) TO safegrid_app;


--
-- Name: FUNCTION inspection_submitted_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_submitted_guard() FROM PUBLIC;


--
-- Name: FUNCTION inspection_tallies_apply(p_delta app.inspection_delta[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_tallies_apply(p_delta app.inspection_delta[]) FROM PUBLIC;


--
-- Name: FUNCTION inspection_tallies_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_tallies_change() FROM PUBLIC;


--
-- Name: FUNCTION inspection_tally_apply(p_delta app.result_delta[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_tally_apply(p_delta app.result_delta[]) FROM PUBLIC;


--
-- Name: FUNCTION inspection_tally_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.inspection_tally_change() FROM PUBLIC;


--
-- Name: FUNCTION is_committee_of(p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.is_committee_of(p_township_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.is_committee_of(p_township_id bigint) TO safegrid_app;


--
-- Name: FUNCTION json_ids(p_list jsonb); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.json_ids(p_list jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION app.json_ids(p_list jsonb) TO safegrid_app;


--
-- Name: FUNCTION login_application_decided(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.login_application_decided() FROM PUBLIC;


--
-- Name: FUNCTION login_apply(p_township_id bigint, p_credit_code text, p_name text, p_legal_representative text, p_mobile text, p_client_addr text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.login_apply(p_township_id bigint, p_credit_code text, p_name text, p_legal_representative text, p_mobile text, p_client_addr text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.login_apply(p_township_id bigint, p_credit_code text, p_name text, p_legal_representative text, p_mobile text, p_client_addr text) TO safegrid_app;


--
-- Name: FUNCTION login_lookup(p_username text, p_client_addr text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.login_lookup(p_username text, p_client_addr text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.login_lookup(p_username text, p_client_addr text) TO safegrid_app;


--
-- Name: FUNCTION login_prune(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.login_prune() FROM PUBLIC;


--
-- Name: FUNCTION login_record(p_username text, p_user_id bigint, p_ok boolean, p_token_hash text, p_csrf_token text, p_client_addr text, p_user_agent text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.login_record(p_username text, p_user_id bigint, p_ok boolean, p_token_hash text, p_csrf_token text, p_client_addr text, p_user_agent text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.login_record(p_username text, p_user_id bigint, p_ok boolean, p_token_hash text, p_csrf_token text, p_client_addr text, p_user_agent text) TO safegrid_app;


--
-- Name: FUNCTION make_reminders(p_now timestamp with time zone); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.make_reminders(p_now timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION may(p_action text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.may(p_action text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.may(p_action text) TO safegrid_app;


--
-- Name: FUNCTION my_password_hash(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.my_password_hash() FROM PUBLIC;
GRANT ALL ON FUNCTION app.my_password_hash() TO safegrid_app;


--
-- Name: COLUMN app_user.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.county_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(county_id),INSERT(county_id) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.township_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(township_id),INSERT(township_id) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.username; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(username),INSERT(username) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.display_name; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(display_name),INSERT(display_name),UPDATE(display_name) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.phone; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(phone),INSERT(phone),UPDATE(phone) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.role; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(role),INSERT(role),UPDATE(role) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.enterprise_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(enterprise_id),INSERT(enterprise_id),UPDATE(enterprise_id) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.password_hash; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(password_hash),UPDATE(password_hash) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.active; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(active),UPDATE(active) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.version; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(version) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(updated_at) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.password_changed_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(password_changed_at),UPDATE(password_changed_at) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.enterprise_admin; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(enterprise_admin) ON TABLE public.app_user TO safegrid_app;


--
-- Name: COLUMN app_user.password_must_change; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(password_must_change) ON TABLE public.app_user TO safegrid_app;


--
-- Name: FUNCTION notification_reaches(u public.app_user, p_township_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.notification_reaches(u public.app_user, p_township_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION notify(p_township_id bigint, p_user_ids bigint[], p_kind text, p_subject_type text, p_subject_id bigint, p_title text, p_body text, p_day date); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.notify(p_township_id bigint, p_user_ids bigint[], p_kind text, p_subject_type text, p_subject_id bigint, p_title text, p_body text, p_day date) FROM PUBLIC;


--
-- Name: FUNCTION notify_quote(p_text text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.notify_quote(p_text text) FROM PUBLIC;


--
-- Name: FUNCTION order_addressees(p_township_id bigint, p_user_id bigint, p_grid_node_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.order_addressees(p_township_id bigint, p_user_id bigint, p_grid_node_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION outbox_code_wipe(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.outbox_code_wipe() FROM PUBLIC;


--
-- Name: FUNCTION outbox_message(o public.notification_outbox); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.outbox_message(o public.notification_outbox) FROM PUBLIC;


--
-- Name: FUNCTION pairs_mask(p text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.pairs_mask(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.pairs_mask(p text) TO safegrid_app;


--
-- Name: FUNCTION pairs_mask_of(p text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.pairs_mask_of(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.pairs_mask_of(p text) TO safegrid_app;


--
-- Name: FUNCTION password_given(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.password_given() FROM PUBLIC;


--
-- Name: FUNCTION password_set_own(p_hash text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.password_set_own(p_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.password_set_own(p_hash text) TO safegrid_app;


--
-- Name: FUNCTION public_enterprise(p_token text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.public_enterprise(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.public_enterprise(p_token text) TO safegrid_app;


--
-- Name: FUNCTION public_tip(p_token text, p_text text, p_contact text, p_client_addr text, p_photo_token_hash text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.public_tip(p_token text, p_text text, p_contact text, p_client_addr text, p_photo_token_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.public_tip(p_token text, p_text text, p_contact text, p_client_addr text, p_photo_token_hash text) TO safegrid_app;


--
-- Name: FUNCTION public_tip_photo(p_tip_id bigint, p_token_hash text, p_sha256 text, p_content_type text, p_size integer, p_bytes bytea, p_file_name text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.public_tip_photo(p_tip_id bigint, p_token_hash text, p_sha256 text, p_content_type text, p_size integer, p_bytes bytea, p_file_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.public_tip_photo(p_tip_id bigint, p_token_hash text, p_sha256 text, p_content_type text, p_size integer, p_bytes bytea, p_file_name text) TO safegrid_app;


--
-- Name: FUNCTION public_townships(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.public_townships() FROM PUBLIC;
GRANT ALL ON FUNCTION app.public_townships() TO safegrid_app;


--
-- Name: FUNCTION queue_enterprise_ids(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.queue_enterprise_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app.queue_enterprise_ids() TO safegrid_app;


--
-- Name: FUNCTION queue_sector_ids(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.queue_sector_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app.queue_sector_ids() TO safegrid_app;


--
-- Name: FUNCTION recipient_users(p_township_id bigint, p_kind text, p_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.recipient_users(p_township_id bigint, p_kind text, p_id bigint) FROM PUBLIC;


--
-- Name: FUNCTION request_begin(p_token_hash text, p_request_id text, p_client_addr text, p_idle_seconds integer, p_max_seconds integer); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.request_begin(p_token_hash text, p_request_id text, p_client_addr text, p_idle_seconds integer, p_max_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app.request_begin(p_token_hash text, p_request_id text, p_client_addr text, p_idle_seconds integer, p_max_seconds integer) TO safegrid_app;


--
-- Name: FUNCTION role(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.role() FROM PUBLIC;
GRANT ALL ON FUNCTION app.role() TO safegrid_app;


--
-- Name: FUNCTION session_end(p_session_id bigint, p_reason text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.session_end(p_session_id bigint, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.session_end(p_session_id bigint, p_reason text) TO safegrid_app;


--
-- Name: FUNCTION supervision_order_attaches(p_township_id bigint, p_order_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_attaches(p_township_id bigint, p_order_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.supervision_order_attaches(p_township_id bigint, p_order_id bigint) TO safegrid_app;


--
-- Name: FUNCTION supervision_order_cards_change(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_change() FROM PUBLIC;


--
-- Name: TABLE supervision_order_card; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.supervision_order_card TO safegrid_app;


--
-- Name: FUNCTION supervision_order_cards_computed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_computed() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_cards_differing(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_differing() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_cards_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_cards_refresh(p_ids bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_refresh(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_cards_renamed(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_cards_renamed() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_event_notify(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_event_notify() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_issued(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_issued() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_mine(p_addressee_user_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_mine(p_addressee_user_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.supervision_order_mine(p_addressee_user_id bigint) TO safegrid_app;


--
-- Name: FUNCTION supervision_order_notify(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_notify() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_number(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_number() FROM PUBLIC;


--
-- Name: FUNCTION supervision_order_transition(p_id bigint, p_action text, p_note text, p_attachment_ids bigint[]); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_transition(p_id bigint, p_action text, p_note text, p_attachment_ids bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION app.supervision_order_transition(p_id bigint, p_action text, p_note text, p_attachment_ids bigint[]) TO safegrid_app;


--
-- Name: FUNCTION supervision_order_visible(p_township_id bigint, p_order_id bigint); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.supervision_order_visible(p_township_id bigint, p_order_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION app.supervision_order_visible(p_township_id bigint, p_order_id bigint) TO safegrid_app;


--
-- Name: FUNCTION tallies_rebuild(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.tallies_rebuild() FROM PUBLIC;


--
-- Name: FUNCTION task_plan_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.task_plan_guard() FROM PUBLIC;


--
-- Name: FUNCTION task_progress_guard(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.task_progress_guard() FROM PUBLIC;


--
-- Name: FUNCTION task_rollup(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.task_rollup() FROM PUBLIC;


--
-- Name: FUNCTION tip_hidden(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.tip_hidden() FROM PUBLIC;
GRANT ALL ON FUNCTION app.tip_hidden() TO safegrid_app;


--
-- Name: FUNCTION today(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.today() FROM PUBLIC;
GRANT ALL ON FUNCTION app.today() TO safegrid_app;


--
-- Name: FUNCTION touch(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.touch() FROM PUBLIC;


--
-- Name: FUNCTION township_id(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.township_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.township_id() TO safegrid_app;


--
-- Name: FUNCTION township_short_name(p_name text); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.township_short_name(p_name text) FROM PUBLIC;


--
-- Name: FUNCTION townships(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.townships() FROM PUBLIC;
GRANT ALL ON FUNCTION app.townships() TO safegrid_app;


--
-- Name: FUNCTION user_sessions_end(); Type: ACL; Schema: app; Owner: -
--

REVOKE ALL ON FUNCTION app.user_sessions_end() FROM PUBLIC;


--
-- Name: TABLE accountability; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.accountability TO safegrid_app;


--
-- Name: TABLE accountability_hazard; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.accountability_hazard TO safegrid_app;


--
-- Name: TABLE accountability_kind; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.accountability_kind TO safegrid_app;


--
-- Name: TABLE accountability_order; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.accountability_order TO safegrid_app;


--
-- Name: TABLE accountability_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.accountability_json TO safegrid_app;


--
-- Name: TABLE action_role; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.action_role TO safegrid_app;


--
-- Name: TABLE campaign; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.campaign TO safegrid_app;


--
-- Name: TABLE enterprise_assignment; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.enterprise_assignment TO safegrid_app;


--
-- Name: TABLE assigned_cadre; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.assigned_cadre TO safegrid_app;


--
-- Name: TABLE grid_node; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.grid_node TO safegrid_app;


--
-- Name: TABLE grid_node_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.grid_node_json TO safegrid_app;


--
-- Name: TABLE enterprise; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.enterprise TO safegrid_app;


--
-- Name: COLUMN enterprise.public_token; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(public_token) ON TABLE public.enterprise TO safegrid_app;


--
-- Name: COLUMN login_application.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.township_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(township_id) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.credit_code; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(credit_code) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.name; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(name) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.legal_representative; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(legal_representative) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.mobile; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(mobile) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.status; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(status),UPDATE(status) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.reason; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(reason),UPDATE(reason) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.enterprise_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(enterprise_id),UPDATE(enterprise_id) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(user_id),UPDATE(user_id) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.decided_by; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(decided_by),UPDATE(decided_by) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.decided_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(decided_at),UPDATE(decided_at) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.version; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(version) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.login_application TO safegrid_app;


--
-- Name: COLUMN login_application.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(updated_at) ON TABLE public.login_application TO safegrid_app;


--
-- Name: TABLE login_application_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.login_application_json TO safegrid_app;


--
-- Name: TABLE supervision_order; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.supervision_order TO safegrid_app;


--
-- Name: TABLE supervision_order_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.supervision_order_json TO safegrid_app;


--
-- Name: TABLE task; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.task TO safegrid_app;


--
-- Name: TABLE task_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.task_json TO safegrid_app;


--
-- Name: TABLE township; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.county_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(county_id) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.code; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(code) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.slug; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(slug) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.time_zone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(time_zone),UPDATE(time_zone) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.active; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(active) ON TABLE public.township TO safegrid_app;


--
-- Name: COLUMN township.report_cutoff; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(report_cutoff) ON TABLE public.township TO safegrid_app;


--
-- Name: TABLE township_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.township_json TO safegrid_app;


--
-- Name: TABLE user_sector; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE public.user_sector TO safegrid_app;


--
-- Name: TABLE user_json; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.user_json TO safegrid_app;


--
-- Name: TABLE user_name; Type: ACL; Schema: app; Owner: -
--

GRANT SELECT ON TABLE app.user_name TO safegrid_app;


--
-- Name: COLUMN activation_code.township_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(township_id),INSERT(township_id) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(user_id),INSERT(user_id) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.code_hash; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(code_hash),UPDATE(code_hash) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.expires_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(expires_at),INSERT(expires_at),UPDATE(expires_at) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.issued_by; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(issued_by),INSERT(issued_by),UPDATE(issued_by) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.issued_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(issued_at),UPDATE(issued_at) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: COLUMN activation_code.used_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(used_at),UPDATE(used_at) ON TABLE public.activation_code TO safegrid_app;


--
-- Name: TABLE answer; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.answer TO safegrid_app;


--
-- Name: TABLE answer_county_stamp; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.answer_county_stamp TO safegrid_app;


--
-- Name: TABLE answer_stamp; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.answer_stamp TO safegrid_app;


--
-- Name: TABLE attachment; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.attachment TO safegrid_app;


--
-- Name: COLUMN attachment.item_id; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(item_id) ON TABLE public.attachment TO safegrid_app;


--
-- Name: TABLE attachment_blob; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: COLUMN attachment_blob.township_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(township_id) ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: COLUMN attachment_blob.sha256; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(sha256) ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: COLUMN attachment_blob.content_type; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(content_type) ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: COLUMN attachment_blob.size; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(size) ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: COLUMN attachment_blob.bytes; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(bytes) ON TABLE public.attachment_blob TO safegrid_app;


--
-- Name: TABLE audit_log; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.audit_log TO safegrid_app;


--
-- Name: TABLE campaign_sector; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE public.campaign_sector TO safegrid_app;


--
-- Name: TABLE checklist; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.checklist TO safegrid_app;


--
-- Name: TABLE checklist_category; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.checklist_category TO safegrid_app;


--
-- Name: TABLE county; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.county TO safegrid_app;


--
-- Name: TABLE daily_report; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.daily_report TO safegrid_app;


--
-- Name: TABLE daily_report_read; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.daily_report_read TO safegrid_app;


--
-- Name: TABLE document; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.document TO safegrid_app;


--
-- Name: TABLE document_recipient; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.document_recipient TO safegrid_app;


--
-- Name: COLUMN document_recipient.acknowledged_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(acknowledged_at) ON TABLE public.document_recipient TO safegrid_app;


--
-- Name: COLUMN document_recipient.acknowledged_by; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(acknowledged_by) ON TABLE public.document_recipient TO safegrid_app;


--
-- Name: TABLE grid_node_move; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.grid_node_move TO safegrid_app;


--
-- Name: TABLE group_member; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE public.group_member TO safegrid_app;


--
-- Name: TABLE hazard; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.hazard TO safegrid_app;


--
-- Name: TABLE hazard_day; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.hazard_day TO safegrid_app;


--
-- Name: TABLE hazard_due_count; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.hazard_due_count TO safegrid_app;


--
-- Name: TABLE hazard_event; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.hazard_event TO safegrid_app;


--
-- Name: TABLE hazard_tally; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.hazard_tally TO safegrid_app;


--
-- Name: TABLE idempotency_key; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.idempotency_key TO safegrid_app;


--
-- Name: TABLE inspected_enterprise; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.inspected_enterprise TO safegrid_app;


--
-- Name: TABLE inspection; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.inspection TO safegrid_app;


--
-- Name: TABLE inspection_result; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.inspection_result TO safegrid_app;


--
-- Name: TABLE inspection_tally; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.inspection_tally TO safegrid_app;


--
-- Name: TABLE notification; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.notification TO safegrid_app;


--
-- Name: COLUMN notification.read_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(read_at) ON TABLE public.notification TO safegrid_app;


--
-- Name: TABLE responsibility_letter; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.responsibility_letter TO safegrid_app;


--
-- Name: TABLE sector; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.sector TO safegrid_app;


--
-- Name: COLUMN sector.county_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(county_id) ON TABLE public.sector TO safegrid_app;


--
-- Name: COLUMN sector.code; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(code) ON TABLE public.sector TO safegrid_app;


--
-- Name: COLUMN sector.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.sector TO safegrid_app;


--
-- Name: COLUMN sector."position"; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT("position"),UPDATE("position") ON TABLE public.sector TO safegrid_app;


--
-- Name: COLUMN sector.retired_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(retired_at) ON TABLE public.sector TO safegrid_app;


--
-- Name: TABLE supervision_order_event; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.supervision_order_event TO safegrid_app;


--
-- Name: TABLE supervision_order_hazard; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.supervision_order_hazard TO safegrid_app;


--
-- Name: TABLE supervision_order_task; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT ON TABLE public.supervision_order_task TO safegrid_app;


--
-- Name: COLUMN tip.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.township_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(township_id) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.enterprise_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(enterprise_id) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.text; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(text) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.contact; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(contact) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.status; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(status),UPDATE(status) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.hazard_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(hazard_id),UPDATE(hazard_id) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.handled_by; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(handled_by),UPDATE(handled_by) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.handled_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(handled_at),UPDATE(handled_at) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.reason; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(reason),UPDATE(reason) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.tip TO safegrid_app;


--
-- Name: COLUMN tip.photo_attachment_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(photo_attachment_id) ON TABLE public.tip TO safegrid_app;


--
-- Name: TABLE township_tally; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.township_tally TO safegrid_app;


--
-- Name: TABLE working_group; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.working_group TO safegrid_app;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE safegrid_owner REVOKE ALL ON FUNCTIONS  FROM PUBLIC;


--
-- PostgreSQL database dump complete
--

