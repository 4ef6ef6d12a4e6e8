-- shared-resilience: global rate budgets and aggregated upstream usage. Applied by each service's Flyway into its
-- own schema (location db/resilience); ${app_role} is the service's runtime role.

-- One row per budget; each element of the arrays is one limit (e.g. 1/s and 8640/day), all of which must allow a call.
create table resilience_rate_budget (
    name            text primary key,
    capacities      double precision[] not null,
    refill_per_sec  double precision[] not null,
    tokens          double precision[] not null,
    updated_at      timestamptz not null default clock_timestamp(),
    cooldown_until  timestamptz,
    constraint resilience_rate_budget_limits_ck check (
        cardinality(capacities) between 1 and 8
        and cardinality(refill_per_sec) = cardinality(capacities)
        and cardinality(tokens) = cardinality(capacities)
        and 0 < all (capacities) and 0 < all (refill_per_sec))
);

-- Registers or updates a budget's limits. A changed definition starts empty: it never grants a burst it did not earn.
create function resilience_define_budget(p_name text, p_capacities double precision[], p_refill double precision[])
returns void language sql as $$
    insert into resilience_rate_budget (name, capacities, refill_per_sec, tokens)
    values (p_name, p_capacities, p_refill, p_capacities)
    on conflict (name) do update
       set capacities = excluded.capacities,
           refill_per_sec = excluded.refill_per_sec,
           tokens = array_fill(0::double precision, array[cardinality(excluded.capacities)]),
           updated_at = clock_timestamp()
     where resilience_rate_budget.capacities is distinct from excluded.capacities
        or resilience_rate_budget.refill_per_sec is distinct from excluded.refill_per_sec
$$;

-- Takes p_permits from every limit of the budget at once, on the database clock, or says how long to wait.
-- A denial is decided on an unlocked read (it writes nothing and blocks no one: tokens only shrink under concurrent
-- takers, so an unlocked denial is never wrong); a grant re-reads the row under its lock before it writes.
create function resilience_take_permit(p_name text, p_permits integer default 1)
returns table (granted boolean, wait_ms bigint, taken_at timestamptz)
language plpgsql as $$
declare
    b          resilience_rate_budget%rowtype;
    now_ts     timestamptz;
    elapsed    double precision;
    available  double precision[];
    wait_s     double precision;
begin
    for attempt in 1..2 loop
        if attempt = 1 then
            select * into b from resilience_rate_budget where name = p_name;
        else
            select * into b from resilience_rate_budget where name = p_name for update;
        end if;
        if not found then
            raise exception 'unknown rate budget "%"', p_name using errcode = 'P0002';
        end if;
        now_ts := clock_timestamp();
        elapsed := greatest(0, extract(epoch from now_ts - b.updated_at));
        available := b.tokens;
        wait_s := 0;
        for i in 1..cardinality(b.capacities) loop
            if p_permits > b.capacities[i] then
                raise exception 'rate budget "%" can never grant % permits at once', p_name, p_permits using errcode = '22023';
            end if;
            available[i] := least(b.capacities[i], b.tokens[i] + b.refill_per_sec[i] * elapsed);
            if available[i] < p_permits then
                wait_s := greatest(wait_s, (p_permits - available[i]) / b.refill_per_sec[i]);
            end if;
        end loop;
        if b.cooldown_until > now_ts then
            wait_s := greatest(wait_s, extract(epoch from b.cooldown_until - now_ts));
        end if;
        if wait_s > 0 then
            return query select false, greatest(1, ceil(wait_s * 1000))::bigint, now_ts;
            return;
        end if;
        if attempt = 2 then
            for i in 1..cardinality(available) loop
                available[i] := available[i] - p_permits;
            end loop;
            update resilience_rate_budget set tokens = available, updated_at = now_ts where name = p_name;
            return query select true, 0::bigint, now_ts;
            return;
        end if;
    end loop;
end
$$;

-- After a 429 every replica waits: the cooldown only ever moves later.
create function resilience_cool_down(p_name text, p_millis bigint)
returns timestamptz language sql as $$
    update resilience_rate_budget
       set cooldown_until = greatest(coalesce(cooldown_until, clock_timestamp()),
                                     clock_timestamp() + p_millis * interval '1 millisecond')
     where name = p_name
    returning cooldown_until
$$;

-- Upstream usage per endpoint and subject (e.g. user), per minute, flushed from memory in batches.
create table resilience_upstream_usage (
    upstream        text not null,
    endpoint        text not null,
    subject         text not null default '',
    window_start    timestamptz not null,
    calls           bigint not null default 0,
    throttled       bigint not null default 0,
    failures        bigint not null default 0,
    budget_waits    bigint not null default 0,
    budget_wait_ms  bigint not null default 0,
    primary key (upstream, endpoint, subject, window_start),
    constraint resilience_upstream_usage_counts_ck check (
        calls >= 0 and throttled >= 0 and failures >= 0 and budget_waits >= 0 and budget_wait_ms >= 0)
);
create index resilience_upstream_usage_window_idx on resilience_upstream_usage (window_start);

revoke all on function resilience_define_budget(text, double precision[], double precision[]) from public;
revoke all on function resilience_take_permit(text, integer) from public;
revoke all on function resilience_cool_down(text, bigint) from public;
grant execute on function resilience_define_budget(text, double precision[], double precision[]) to ${app_role};
grant execute on function resilience_take_permit(text, integer) to ${app_role};
grant execute on function resilience_cool_down(text, bigint) to ${app_role};
grant select, insert, update on resilience_rate_budget to ${app_role};
grant select, insert, update, delete on resilience_upstream_usage to ${app_role};
