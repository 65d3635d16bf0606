-- 0024: Idempotency-Key -- a retried write answers its first result and does nothing again.
--
-- A 503 can still mean the write committed (the connection or the worker died
-- after COMMIT), so a client that retries may create a second hazard, order or
-- inspection.  A client that sends `Idempotency-Key: <its own unique text>` with a
-- POST gets, for every later request with the same key, the first answer (status
-- and body) as long as the request is the same (method, path, query and body, by
-- their SHA-256); the same key with another request is refused (422).  Keys belong
-- to the signed-in user: another user's key of the same text is another key.
--
-- One row per (user, key), written in the same transaction as the write itself
-- (fcgi/server/idempotency.c), so a committed write always has its key and a
-- rolled-back one never does.  A second request with the key while the first is
-- still running waits on the row's unique index and then answers the first's
-- result.  Kept 24 hours; a user's expired keys go at that user's next claim.

create table idempotency_key (
  user_id bigint not null references app_user (id) on delete cascade,
  key text not null check (length(key) between 1 and 255),
  fingerprint text not null check (length(fingerprint) = 64),
  status int check (status between 200 and 299),
  content_type text,
  headers text,                   -- the answer's own header lines (Content-Disposition, ...)
  body bytea,                     -- the answer's bytes: JSON, or a PDF of letters
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_key_created_at on idempotency_key (created_at);

-- The server's role sees and writes its own user's keys only.
alter table idempotency_key enable row level security;
alter table idempotency_key force row level security;
create policy idempotency_key_all_owner on idempotency_key to safegrid_owner
  using (true) with check (true);
create policy idempotency_key_select_app on idempotency_key for select to safegrid_app
  using (user_id = (select app.user_id()));
create policy idempotency_key_insert_app on idempotency_key for insert to safegrid_app
  with check (user_id = (select app.user_id()));
create policy idempotency_key_update_app on idempotency_key for update to safegrid_app
  using (user_id = (select app.user_id())) with check (user_id = (select app.user_id()));
create policy idempotency_key_delete_app on idempotency_key for delete to safegrid_app
  using (user_id = (select app.user_id()));
grant select, insert, update, delete on idempotency_key to safegrid_app;

-- Claim p_key for the caller's request p_fingerprint.  No row: the key is new and
-- now held by this transaction (run the request, then app.idempotency_keep).  One
-- row: the key was used before -- its answer, and whether it was the same request.
-- Each statement of a plpgsql function sees what committed before it began, so
-- after waiting on a concurrent holder of the key the select sees its answer.
create function app.idempotency_claim(p_key text, p_fingerprint text)
  returns table (status int, content_type text, headers text, body bytea, same_request boolean)
  language plpgsql
  set search_path = public, pg_catalog
  as $$
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
grant execute on function app.idempotency_claim(text, text) to safegrid_app;
