-- Runs once, after initdb, in database "suite" (CloudNativePG postInitApplicationSQL). The roles are managed by the
-- Cluster resource; this gives each service its schema, owned by its owner role, and the runtime role USAGE only.
-- Table grants come from each service's Flyway migrations (placeholder app_role).
revoke create on schema public from public;
revoke all on database suite from public;
do $$
declare s text;
begin
  foreach s in array array['accounts', 'marketdata', 'catalog'] loop
    execute format('create schema if not exists %I authorization %I', s, s || '_owner');
    execute format('grant connect, temporary on database suite to %I, %I', s || '_owner', s || '_app');
    execute format('grant usage on schema %I to %I', s, s || '_app');
    execute format('alter role %I in database suite set search_path = %I', s || '_owner', s);
    execute format('alter role %I in database suite set search_path = %I', s || '_app', s);
  end loop;
end $$;
