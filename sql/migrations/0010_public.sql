-- The public gate notice (张贴在企业门口的公示) and public tips (举报).
--
-- Visitors carry no account: the server's role reaches the rows they may
-- see or write only through the security-definer functions below, each
-- taking the enterprise's public token (or a tip's photo token) and
-- answering exactly what the public may know.  Row-level security still
-- hides every tenant row from an anonymous request.

-- ---------------------------------------------------------------------------
-- Tokens
-- ---------------------------------------------------------------------------

-- The enterprise's public_token default (0007) and its rotation call
-- gen_random_bytes as the server's role.  pgcrypto is a trusted extension:
-- its functions belong to the bootstrap superuser, whose default
-- privileges keep PUBLIC's EXECUTE, and this role could not grant more.
-- tests/api/test_public.py registers an enterprise through the API to
-- prove the default works for the server's role.

-- A tip's photo may be sent once, within an hour, by whoever holds the
-- token handed out with the tip; only the token's SHA-256 is kept.
alter table tip
  add column photo_token_hash text check (photo_token_hash ~ '^[0-9a-f]{64}$'),
  add column photo_attachment_id bigint,
  add foreign key (township_id, photo_attachment_id) references attachment (township_id, id);

-- Tipsters stay anonymous to the township: their address serves the rate
-- limit only, and is kept out of the audit log as the token's hash is (the
-- functions below also clear the request's address before they write).
drop trigger tip_audit on tip;
create trigger tip_audit after insert or update or delete on tip
  for each row execute function app.audit_row('photo_token_hash', 'client_addr');

-- Staff read tips without the tipster's address and the photo token.
revoke select on tip from safegrid_app;
grant select (id, township_id, enterprise_id, text, contact, status, hazard_id, handled_by,
              handled_at, reason, created_at, photo_attachment_id) on tip to safegrid_app;

-- ---------------------------------------------------------------------------
-- The gate notice
-- ---------------------------------------------------------------------------

-- What the township posts at the gate of the enterprise whose public token
-- this is, as JSON; null for a token no enterprise has (now).  Hazards: the
-- open ones, then those closed in the last 90 days.  Never a description,
-- a note, a photo, a phone number or an id: a hazard is named by its
-- checklist item, and one registered outside an inspection (a tip's too:
-- the enterprise must not learn that someone reported it) by "登记隐患".
create function app.public_enterprise(p_token text) returns json
  language sql stable security definer set search_path = public, pg_catalog
  as $$
  select json_build_object(
    'enterprise', json_build_object('name', e.name, 'address', e.address),
    'township', json_build_object('name', t.name),
    'cadre', (select json_build_object('display_name', u.display_name)
                from enterprise_assignment a
                join campaign c on c.id = a.campaign_id and c.status = 'active'
                join app_user u on u.id = a.user_id
               where a.township_id = e.township_id and a.enterprise_id = e.id and a.ends_on is null
               order by c.starts_on desc, a.starts_on desc, a.id desc limit 1),
    -- The township's inspections; the enterprise's own self-inspections are not posted.
    'latest_inspection_on', (select max(i.inspected_on) from inspection i
                              where i.township_id = e.township_id and i.enterprise_id = e.id
                                and i.status = 'submitted' and i.kind <> 'self'),
    'hazards', coalesce((
      select json_agg(json_build_object(
               'item_code', ci.code,
               'item', coalesce(ci.text, '登记隐患'),
               'mode', h.mode,
               'deadline', h.deadline,
               'status', h.status,
               'overdue', app.hazard_overdue(h.status, h.deadline),
               'reported_on', (h.created_at at time zone 'Asia/Shanghai')::date,
               'closed_on', (h.closed_at at time zone 'Asia/Shanghai')::date)
             order by h.status = 'closed', h.closed_at desc, h.deadline nulls first, h.created_at, h.id)
        from hazard h
        left join checklist_item ci on ci.id = h.item_id and h.source = 'inspection'
       where h.township_id = e.township_id and h.enterprise_id = e.id
         and (h.status <> 'closed' or h.closed_at > now() - interval '90 days')), '[]'),
    'as_of', app.today())
    from enterprise e
    join township t on t.id = e.township_id
   where e.public_token = p_token
$$;

-- ---------------------------------------------------------------------------
-- Tips
-- ---------------------------------------------------------------------------

-- A tip about the enterprise whose public token this is, from p_client_addr:
-- (id, 0), or (null, seconds to wait) past 5 tips an hour or 20 a day from
-- that address; no row for an unknown token.
create function app.public_tip(p_token text, p_text text, p_contact text, p_client_addr text,
                               p_photo_token_hash text)
  returns table (id bigint, retry_after int)
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
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

-- The one photo of a tip, sent within an hour of the tip by the holder of
-- its photo token: the attachment's id.  SG404 for an unknown tip or a
-- wrong token (the same answer), SG409 once the hour is over or a photo is
-- there already.
create function app.public_tip_photo(p_tip_id bigint, p_token_hash text, p_sha256 text,
                                     p_content_type text, p_size int, p_bytes bytea,
                                     p_file_name text)
  returns bigint
  language plpgsql volatile security definer set search_path = public, pg_catalog
  as $$
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

grant execute on function app.public_enterprise(text),
  app.public_tip(text, text, text, text, text),
  app.public_tip_photo(bigint, text, text, text, int, bytea, text) to safegrid_app;
