-- 0045: the enterprise search tests a name only where it can hold the fragment.
--
-- A search by a fragment of the name tests every enterprise of the township
-- (0012: the name's index is out of reach under row-level security) with
-- strpos.  A search for a rare fragment -- a name, or most of one, which is
-- what a clerk types -- tests all of them to find one or two.
--
-- Each enterprise now carries the pairs of consecutive characters of its
-- name as the bits of a 64-bit mask (app.pairs_mask).  A name that contains
-- the fragment contains each of its pairs, so the name's mask has every bit
-- of the fragment's; the search tests the masks first, an OR and a
-- comparison of two integers, and runs strpos only on the names whose mask
-- passes.  It never leaves a match out.  For the benchmark's fragment of
-- ten characters, 1 name of the township's 1,000 passes; for a common word
-- of two characters, about twice as many names as hold it.  A fragment of
-- one character has no pair: its mask is 0, and every name is tested as
-- before.
--
-- The mask is a stored generated column: PostgreSQL computes it from the
-- name in every write that sets the name, so it cannot differ from it.  Its
-- bits are the code points of the two characters, arithmetic that no
-- upgrade changes (hashtext could).  PostgreSQL does not compute a stored
-- column again when its function changes: a migration that replaces
-- app.pairs_mask must set every name again (test_enterprises.py compares
-- each row's mask with the function).

-- The mask of a text's pairs of characters, as a one-row table so that a
-- statement can inline it (a scalar SQL function with a FROM is not).
create function app.pairs_mask(p text) returns table (mask bigint)
  language sql immutable parallel safe
  as $$
  select coalesce(bit_or(1::bigint << ((ascii(substr(p, i, 1)) * 31 + ascii(substr(p, i + 1, 1))) % 64)), 0)
    from generate_series(1, length(p) - 1) i
$$;
grant execute on function app.pairs_mask(text) to safegrid_app;

-- The same, a value, for the generated column.
create function app.pairs_mask_of(p text) returns bigint
  language sql immutable parallel safe
  as $$ select m.mask from app.pairs_mask(p) m $$;
grant execute on function app.pairs_mask_of(text) to safegrid_app;   -- every write of a name runs it

alter table enterprise add column name_pairs bigint not null
  generated always as (app.pairs_mask_of(name)) stored;

-- The search's index-only scan reads the masks beside the names (0012).
drop index enterprise_list_named;
create index enterprise_list_named on enterprise (township_id, id) include (name, credit_code, name_pairs);

-- The names' trigram index (0003) has never served a query: the API reads
-- enterprises under row-level security, where LIKE cannot use it.  Every
-- write of a name updated it.
drop index enterprise_name_trgm;

-- The mask is the name again: the audit trail leaves it out.
drop trigger enterprise_audit on enterprise;
create trigger enterprise_audit after insert or update or delete on enterprise
  for each row execute function app.audit_row('name_pairs');
