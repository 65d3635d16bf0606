-- 0012: the enterprise search without reading the rows it does not show.

-- ---------------------------------------------------------------------------
-- Enterprises: the list's index carries the name and the code
-- ---------------------------------------------------------------------------
-- A search by a fragment of the name or the start of the code tests every
-- enterprise of the township (see fcgi/enterprise.c: the trigram index is
-- out of reach under row-level security and of no use for these names).
-- With the name and the code in the index those tests, and the policies'
-- (township and id), are an index-only scan: for a township of 1,000
-- enterprises 14 pages instead of 418.  It replaces enterprise_list, whose
-- key it has.
create index enterprise_list_named on enterprise (township_id, id) include (name, credit_code);
drop index enterprise_list;
