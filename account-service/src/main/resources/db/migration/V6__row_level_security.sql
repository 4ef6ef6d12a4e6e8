-- Row Level Security for the runtime role: every request runs in a transaction that first calls
-- set_config('app.user_id', <uuid>, true). nullif matters: a reused pooled connection reads '' (not NULL).
-- The owner (Flyway) is not subject to these policies; the runtime role has no BYPASSRLS.

alter table users enable row level security;
create policy users_self on users
    using (id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table oauth_tokens enable row level security;
create policy oauth_tokens_tenant on oauth_tokens
    using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table user_accounts enable row level security;
create policy user_accounts_tenant on user_accounts
    using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table account_sync_history enable row level security;
create policy account_sync_history_tenant on account_sync_history
    using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

alter table amazon_profiles enable row level security;
create policy amazon_profiles_tenant on amazon_profiles
    using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- Seed 002's rate_limit_tracking, fed by shared-resilience's aggregated counters (resilience_upstream_usage, one row per
-- upstream, endpoint, subject = user id and minute) instead of a second counter. The view filters to the caller
-- itself (the usage table is shared and has no policy). retry_after_seconds is not aggregated upstream: null, and
-- last_limit_hit is the end of the minute that saw a 429 (TODO(shared-resilience): aggregate Retry-After and 429 time).
create view rate_limit_tracking with (security_barrier = true) as
select u.subject::uuid                                   as user_id,
       u.upstream                                        as upstream,
       u.endpoint                                        as endpoint,
       u.calls                                           as request_count,
       u.throttled                                       as limit_hit_count,
       case when u.throttled > 0 then u.window_start + interval '1 minute' end as last_limit_hit,
       null::integer                                     as retry_after_seconds,
       u.window_start                                    as window_start,
       u.budget_waits                                    as budget_waits,
       u.budget_wait_ms                                  as budget_wait_ms
  from resilience_upstream_usage u
 where u.subject = nullif(current_setting('app.user_id', true), '')
   and u.subject ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

grant select on rate_limit_tracking to ${app_role};

-- Background work across replicas (leases, shared-resilience Leases). These hold no secret and no tenant content
-- (ids and times only), so workers can claim due items for every user without an app.user_id; the work itself then
-- runs in a transaction bound to the item's user.
create table token_refresh_schedule (
    token_id     uuid primary key references oauth_tokens (id) on delete cascade,
    user_id      uuid not null references users (id) on delete cascade,
    due_at       timestamptz,
    lease_owner  text,
    lease_until  timestamptz,
    version      bigint not null default 0
);
create index idx_token_refresh_schedule_due on token_refresh_schedule (due_at) where due_at is not null;

create table account_sync_schedule (
    user_id      uuid primary key references users (id) on delete cascade,
    due_at       timestamptz,
    lease_owner  text,
    lease_until  timestamptz,
    version      bigint not null default 0
);
create index idx_account_sync_schedule_due on account_sync_schedule (due_at) where due_at is not null;

grant select, insert, update, delete on token_refresh_schedule to ${app_role};
grant select, insert, update, delete on account_sync_schedule to ${app_role};
