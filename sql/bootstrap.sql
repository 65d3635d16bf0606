-- Bootstrap: the two database roles safegrid runs with.  Run once per
-- cluster by a superuser (deploy/stack.sh and the container entrypoint do);
-- safe to run again.
--
--   safegrid_owner  owns the schema; migrations and safegridctl run as it.
--   safegrid_app    what safegridd connects as: owns nothing, cannot bypass
--                   row-level security, gets only the grants the migrations give.

do $$
begin
  if not exists (select from pg_roles where rolname = 'safegrid_owner') then
    create role safegrid_owner login;
  end if;
  if not exists (select from pg_roles where rolname = 'safegrid_app') then
    create role safegrid_app login;
  end if;
end
$$;

alter role safegrid_owner nosuperuser nocreatedb nocreaterole nobypassrls;
alter role safegrid_app nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
