-- 0031: what a read costs PostgreSQL (issue 18).
--
-- The helpers below were SQL functions with a SET clause (search_path).
-- Such a function is never inlined, and PostgreSQL plans an SQL function's
-- body again in every statement that calls it: for the dashboards and the
-- daily report, whose bodies are long statements over several tallies,
-- planning cost more than running (scale 1, one client, PostgreSQL CPU a
-- request: the daily report 18.3 -> 3.2 ms, the county's dashboard
-- 8.7 -> 3.5, the committee's 5.0 -> 2.1, the department's 5.2 -> 2.9, the
-- supervisor's 6.5 -> 1.4); the hazard detail calls two (its scope and its
-- listed supervision orders), 0.91 -> 0.21 ms a request; the write policies
-- and the notification triggers call the others on every hazard,
-- inspection and result written.  A plpgsql function's statements are
-- planned once a session, and kept.
--
-- Each is rewritten in place from its definition as it stands when this
-- migration runs, so that a body changed by an earlier migration is kept
-- as it is: the same statement, as `return (<statement>)`, with
-- `#variable_conflict use_column` so that a name that is both a column and
-- a parameter means the column, as it did in SQL.  A body that is not one
-- statement stops the migration.  Every answer is the same, byte for byte
-- (the API suite, and the benchmark's captured statements compared on the
-- scale-1 data set).  Not app.dashboard_enterprise: as plpgsql its plan,
-- made generic after five calls, reads more than it did (2.3 -> 7.2 ms).

do $$
declare
  f regprocedure;
  def text;
  body text;
begin
  foreach f in array array[
      'app.department_covers(bigint, bigint, bigint)',
      'app.department_covers_enterprise(bigint, bigint)',
      'app.department_covers_record(bigint, text, bigint)',
      'app.hazard_listed_orders(bigint, bigint)',
      'app.recipient_users(bigint, text, bigint)',
      'app.enterprise_users(bigint, bigint)',
      'app.order_addressees(bigint, bigint, bigint)',
      'app.answers_for(bigint, text, bigint)',
      'app.dashboard_committee(bigint)',
      'app.dashboard_supervisor(bigint)',
      'app.dashboard_department(bigint)',
      'app.dashboard_county(bigint)',
      'app.daily_figures(bigint, date)',
      'app.daily_not_reported(bigint, date)',
      'app.daily_report(bigint, date)']::regprocedure[]
  loop
    select pg_get_functiondef(p.oid), p.prosrc into def, body
      from pg_proc p join pg_language l on l.oid = p.prolang
     where p.oid = f and l.lanname = 'sql';
    if def is null then
      raise exception '0031: % is not an SQL function', f;
    end if;
    body := regexp_replace(btrim(body, E' \t\n'), ';\s*$', '');
    if regexp_replace(body, '--[^\n]*', '', 'g') ~ ';' then
      raise exception '0031: the body of % is not one statement', f;
    end if;
    def := replace(def, E'\n LANGUAGE sql\n', E'\n LANGUAGE plpgsql\n');
    def := left(def, strpos(def, 'AS $function$') - 1)
           || E'AS $function$\n#variable_conflict use_column\nbegin\n  return (\n'
           || body || E'\n  );\nend\n$function$\n';
    execute def;
  end loop;
end
$$;
