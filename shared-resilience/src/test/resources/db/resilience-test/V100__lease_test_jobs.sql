-- Test-only table for the lease tests: the columns a service's work table needs for Leases.
create table lease_test_job (
    id            bigint primary key,
    due_at        timestamptz not null,
    lease_owner   text,
    lease_until   timestamptz,
    version       bigint not null default 0,
    processed     integer not null default 0
);
grant select, insert, update, delete on lease_test_job to ${app_role};
