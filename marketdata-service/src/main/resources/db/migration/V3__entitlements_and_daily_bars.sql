-- What the Polygon/Massive key may read, learned from its answers (issue 14) and shared by every replica: one row per
-- key and endpoint family (stocks.trades, options.snapshots, ...; history windows as <market>.history).
-- key_id is a hash of the key, never the key. state: entitled (a 2xx was seen), forbidden (a 403 NOT_AUTHORIZED was
-- seen; asked again after recheck_at), probing (one replica is asking now; the claim lapses at recheck_at).
-- For <market>.history, refused_days/allowed_days bound the plan's window: a bars request that far back was refused /
-- answered on the day it was made.
create table entitlement (
    key_id        text not null,
    family        text not null,
    state         text not null check (state in ('entitled', 'forbidden', 'probing')),
    reason        text,
    refused_days  integer check (refused_days > 0),
    allowed_days  integer check (allowed_days >= 0),
    learned_at    timestamptz not null,
    recheck_at    timestamptz,
    primary key (key_id, family)
);

grant select, insert, update, delete on entitlement to ${app_role};

-- Every US stock's daily bar of one session, from one grouped-daily call: the previous close of any stock for the whole
-- fleet at one upstream call per day. daily_bar_load says a session is loaded (loaded_at) or being loaded by one
-- replica (claimed_until), so replicas never fetch the same day twice.
create table daily_bar (
    session_date  date not null,
    ticker        text not null,
    bar_start     timestamptz not null,
    open          numeric not null,
    high          numeric not null,
    low           numeric not null,
    close         numeric not null,
    volume        numeric not null,
    vwap          numeric,
    transactions  bigint,
    primary key (session_date, ticker)
);

create table daily_bar_load (
    session_date   date primary key,
    claimed_by     text,
    claimed_until  timestamptz,
    loaded_at      timestamptz,
    tickers        integer
);

grant select, insert, update, delete on daily_bar, daily_bar_load to ${app_role};
