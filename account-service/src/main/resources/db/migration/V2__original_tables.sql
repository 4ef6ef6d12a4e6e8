-- The tables as they stood before seed 002 (its "Modifications to Existing Tables" alter these shapes).
-- Token columns were never plaintext in this service: ciphertexts (AES-GCM) with the id of the key that made them.

-- Tenants: one row per user (JWT subject), created on the user's first request.
create table users (
    id          uuid primary key,
    email       text,
    created_at  timestamptz not null default now()
);

create table oauth_tokens (
    id                 uuid primary key default gen_random_uuid(),
    user_id            uuid not null references users (id) on delete cascade,
    provider           text not null default 'amazon' constraint oauth_tokens_provider_ck check (provider in ('amazon')),
    access_token_enc   bytea,
    refresh_token_enc  bytea,
    key_id             text,
    token_type         text not null default 'bearer',
    scope              text,
    expires_at         timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    -- a ciphertext without the id of its key could never be decrypted after a rotation
    constraint oauth_tokens_key_id_ck check ((access_token_enc is null and refresh_token_enc is null) or key_id is not null)
);
create index idx_oauth_tokens_user on oauth_tokens (user_id);

create table user_accounts (
    id                 uuid primary key default gen_random_uuid(),
    user_id            uuid not null references users (id) on delete cascade,
    amazon_account_id  text not null,
    account_name       text not null,
    -- our four statuses; Amazon's own status is mapped in AccountStatus (Java), the one documented place
    status             text not null default 'pending'
                       constraint user_accounts_status_ck check (status in ('active', 'inactive', 'suspended', 'pending')),
    account_type       text,
    marketplace_id     text,
    metadata           jsonb not null default '{}'::jsonb,
    last_synced_at     timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index idx_user_accounts_user on user_accounts (user_id);

grant select, insert, update on users to ${app_role};
grant select, insert, update, delete on oauth_tokens to ${app_role};
grant select, insert, update, delete on user_accounts to ${app_role};
