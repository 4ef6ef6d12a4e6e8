-- After the backfill: new rows start pending, and only valid sync states exist (seed: check constraints on sync_status).
alter table user_accounts
    alter column sync_status set default 'pending',
    alter column sync_status set not null,
    add constraint user_accounts_sync_status_ck
        check (sync_status in ('pending', 'in_progress', 'completed', 'failed'));
