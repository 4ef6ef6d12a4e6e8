-- Second cache level, shared by every replica and surviving restarts. One row per cache key (e.g. quote:SPY).
-- fresh_until: served without asking the upstream before then; keep_until: the row is still "last good data"
-- that may be served marked stale while the upstream is down or the rate budget is spent. The cleanup job deletes
-- rows past keep_until.
create table cache_entry (
    cache_key    text primary key,
    data_type    text not null check (data_type in ('quote', 'options', 'bars')),
    ticker       text not null,
    payload      jsonb not null,
    fetched_at   timestamptz not null,
    fresh_until  timestamptz not null,
    keep_until   timestamptz not null,
    updated_at   timestamptz not null default clock_timestamp(),
    constraint cache_entry_times_ck check (fetched_at <= fresh_until and fresh_until <= keep_until)
);

create index cache_entry_keep_until_idx on cache_entry (keep_until);
create index cache_entry_ticker_idx on cache_entry (ticker, data_type);

grant select, insert, update, delete on cache_entry to ${app_role};
