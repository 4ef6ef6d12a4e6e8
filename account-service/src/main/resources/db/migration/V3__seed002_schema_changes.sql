-- Seed 002, "Modifications to Existing Tables" and "New Tables". Flyway runs this file in one transaction, which
-- replaces the seed's backup tables (a copy of oauth_tokens would only duplicate secrets).

alter table oauth_tokens
    add column refresh_failure_count      integer not null default 0
        constraint oauth_tokens_refresh_failure_count_ck check (refresh_failure_count >= 0),
    add column last_refresh_error         text,
    add column proactive_refresh_enabled  boolean not null default true,
    -- invalid_grant: the user revoked consent; no refresh is tried again until they reconnect
    add column needs_reauth               boolean not null default false,
    add column last_refreshed_at          timestamptz,
    add column revoked_at                 timestamptz;

-- One Amazon connection per user and provider: reconnecting replaces the tokens.
create unique index idx_oauth_tokens_user_provider on oauth_tokens (user_id, provider);

-- The refresh job looks for tokens expiring soon among those it may refresh (seed: partial index on expires_at).
create index idx_oauth_tokens_expires_at on oauth_tokens (expires_at) where proactive_refresh_enabled = true;

-- sync_status without a default on purpose: the seed's "ADD COLUMN ... DEFAULT 'pending'" would fill every existing
-- row, so its backfill "WHERE sync_status IS NULL" would never run. V4 backfills, V5 sets the default and NOT NULL.
alter table user_accounts
    add column sync_status         text,
    add column sync_error_message  text,
    add column sync_retry_count    integer not null default 0
        constraint user_accounts_sync_retry_count_ck check (sync_retry_count >= 0),
    add column next_sync_at        timestamptz,
    add column amazon_status       text,
    add column token_id            uuid references oauth_tokens (id) on delete set null,
    add column disconnected_at     timestamptz;

-- Composite lookup (seed) and the upsert key of a sync.
create unique index idx_user_accounts_user_amazon on user_accounts (user_id, amazon_account_id);
-- JSONB metadata (country codes, alternate ids, Amazon's raw record) queried with @> (seed: GIN).
create index idx_user_accounts_metadata on user_accounts using gin (metadata);
-- GET /api/v1/accounts: keyset pagination per sort, with and without the status filter.
create index idx_user_accounts_user_name on user_accounts (user_id, account_name, id);
create index idx_user_accounts_user_status_name on user_accounts (user_id, status, account_name, id);
-- never-synced accounts sort first: the sort key is coalesce(last_synced_at, '-infinity'), indexed as such
create index idx_user_accounts_user_synced on user_accounts (user_id, (coalesce(last_synced_at, '-infinity'::timestamptz)), id);
create index idx_user_accounts_user_status_synced
    on user_accounts (user_id, status, (coalesce(last_synced_at, '-infinity'::timestamptz)), id);
create index idx_user_accounts_next_sync on user_accounts (next_sync_at) where next_sync_at is not null;

-- One row per sync run (user_account_id set when the run was for a single account). user_id is kept on the row so
-- that Row Level Security needs no subquery into user_accounts (the seed's policy) and run-level rows are covered.
create table account_sync_history (
    id               uuid primary key default gen_random_uuid(),
    user_id          uuid not null references users (id) on delete cascade,
    user_account_id  uuid references user_accounts (id) on delete cascade,
    sync_type        text not null
                     constraint account_sync_history_type_ck check (sync_type in ('manual', 'scheduled', 'webhook', 'batch')),
    sync_status      text not null
                     constraint account_sync_history_status_ck check (sync_status in ('started', 'success', 'partial', 'failed')),
    started_at       timestamptz not null default now(),
    completed_at     timestamptz,
    accounts_total   integer constraint account_sync_history_total_ck check (accounts_total >= 0),
    accounts_synced  integer not null default 0 constraint account_sync_history_synced_ck check (accounts_synced >= 0),
    accounts_failed  integer not null default 0 constraint account_sync_history_failed_ck check (accounts_failed >= 0),
    profiles_synced  integer not null default 0,
    error_details    jsonb,
    metadata         jsonb,
    created_at       timestamptz not null default now(),
    constraint account_sync_history_completion_ck check ((sync_status = 'started') = (completed_at is null)),
    constraint account_sync_history_order_ck check (completed_at is null or completed_at >= started_at)
);
create index idx_sync_history_account on account_sync_history (user_account_id);
create index idx_sync_history_status on account_sync_history (sync_status);
create index idx_sync_history_started on account_sync_history (started_at desc);
create index idx_sync_history_user_started on account_sync_history (user_id, started_at desc);

-- Advertising profiles of a user, merged over the regions served (GET /v2/profiles answers per region, unpaged).
create table amazon_profiles (
    user_id                uuid not null references users (id) on delete cascade,
    profile_id             bigint not null,
    region                 text not null constraint amazon_profiles_region_ck check (region in ('NA', 'EU', 'FE')),
    country_code           text not null,
    currency_code          text,
    daily_budget           numeric,
    timezone               text,
    marketplace_string_id  text,
    account_info_id        text,
    account_type           text,
    account_name           text,
    account_sub_type       text,
    valid_payment_method   boolean,
    raw                    jsonb not null,
    synced_at              timestamptz not null default now(),
    primary key (user_id, profile_id)
);

grant select, insert, update, delete on account_sync_history to ${app_role};
grant select, insert, update, delete on amazon_profiles to ${app_role};
