-- Issue 15: Amazon connect flows bound to the browser that started them (single use, PKCE), dashboard sessions revoked
-- at sign-out, leases of running sync runs (a dead instance's runs end as failed), and when a user's advertising
-- profiles were last fetched (an empty answer is an answer too).

-- One row per GET /auth/amazon/authorize. The signed state carries the id; the starting browser holds a random value in
-- an HttpOnly cookie of which only the SHA-256 is kept here. Consumed once, atomically, by the callback.
create table oauth_connect_flows (
    id                 uuid primary key,
    user_id            uuid not null references users (id) on delete cascade,
    browser_hash       bytea not null,
    code_verifier_enc  bytea not null,
    key_id             text not null,
    reconnect          boolean not null default false,
    created_at         timestamptz not null default now(),
    expires_at         timestamptz not null,
    consumed_at        timestamptz
);
create index idx_oauth_connect_flows_user on oauth_connect_flows (user_id, expires_at);
alter table oauth_connect_flows enable row level security;
create policy oauth_connect_flows_tenant on oauth_connect_flows
    using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
grant select, insert, update, delete on oauth_connect_flows to ${app_role};

-- Dashboard sessions ended by sign-out: SHA-256 of the session token until it would have expired anyway. Hashes and
-- times only (no tenant content), read by every replica.
create table revoked_sessions (
    token_hash  bytea primary key,
    expires_at  timestamptz not null,
    revoked_at  timestamptz not null default now()
);
create index idx_revoked_sessions_revoked on revoked_sessions (revoked_at);
create index idx_revoked_sessions_expires on revoked_sessions (expires_at);
grant select, insert, delete on revoked_sessions to ${app_role};

-- A sync run in progress holds a lease here, renewed by the instance running it. Like the other lease tables it holds
-- ids and times only, so admission can count a user's live runs and any replica can finish a dead instance's runs.
create table sync_run_leases (
    run_id       uuid primary key references account_sync_history (id) on delete cascade,
    user_id      uuid not null references users (id) on delete cascade,
    full_sync    boolean not null,
    lease_owner  text not null,
    lease_until  timestamptz not null,
    started_at   timestamptz not null default now()
);
create index idx_sync_run_leases_user on sync_run_leases (user_id);
create index idx_sync_run_leases_until on sync_run_leases (lease_until);
grant select, insert, update, delete on sync_run_leases to ${app_role};

alter table users add column profiles_fetched_at timestamptz;
