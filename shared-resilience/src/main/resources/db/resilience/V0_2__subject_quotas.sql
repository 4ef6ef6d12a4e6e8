-- shared-resilience: fair share of a rate budget. One token bucket per (budget, subject) (a subject is e.g. the JWT
-- sub of the user a call is made for), shared by every replica, so one subject cannot take a shared budget from
-- everyone. The limits come with each call (they are configuration, not data); a row only keeps the tokens.

create table resilience_subject_quota (
    budget          text not null,
    subject         text not null,
    capacities      double precision[] not null,
    refill_per_sec  double precision[] not null,
    tokens          double precision[] not null,
    updated_at      timestamptz not null default clock_timestamp(),
    primary key (budget, subject),
    constraint resilience_subject_quota_limits_ck check (
        cardinality(capacities) between 1 and 8
        and cardinality(refill_per_sec) = cardinality(capacities)
        and cardinality(tokens) = cardinality(capacities)
        and 0 < all (capacities) and 0 < all (refill_per_sec))
);

-- Takes p_permits from the subject's bucket of p_budget, or says how long to wait. p_permits = 0 only asks whether one
-- permit is there now (admission checks) and writes nothing. A subject's first call finds a full bucket. A unit dearer
-- than a small share's whole burst (a quote's pair of calls on a burst of 1) is granted on a full bucket and leaves it in
-- debt, so it stays possible and the share's rate still holds. As with resilience_take_permit, a denial is decided on an
-- unlocked read and a grant re-reads the row under its lock.
create function resilience_take_subject_permit(p_budget text, p_subject text, p_capacities double precision[],
        p_refill double precision[], p_permits integer default 1)
returns table (granted boolean, wait_ms bigint, taken_at timestamptz)
language plpgsql as $$
declare
    q          resilience_subject_quota%rowtype;
    now_ts     timestamptz;
    elapsed    double precision;
    available  double precision[];
    need       double precision := greatest(p_permits, 1);
    wait_s     double precision;
begin
    if p_permits < 0 or cardinality(p_capacities) is null or cardinality(p_capacities) <> cardinality(p_refill) then
        raise exception 'subject quota of "%": invalid limits or permits', p_budget using errcode = '22023';
    end if;
    for attempt in 1..3 loop
        if attempt = 1 then
            select * into q from resilience_subject_quota where budget = p_budget and subject = p_subject;
        else
            select * into q from resilience_subject_quota where budget = p_budget and subject = p_subject for update;
        end if;
        now_ts := clock_timestamp();
        if not found then
            if p_permits = 0 then
                return query select true, 0::bigint, now_ts;
                return;
            end if;
            insert into resilience_subject_quota (budget, subject, capacities, refill_per_sec, tokens, updated_at)
            values (p_budget, p_subject, p_capacities, p_refill,
                    (select array_agg(c - p_permits order by i) from unnest(p_capacities) with ordinality as u(c, i)), now_ts)
            on conflict do nothing;
            if found then
                return query select true, 0::bigint, now_ts;
                return;
            end if;
            continue; -- another caller created it just now: take from that row, under its lock
        end if;
        elapsed := greatest(0, extract(epoch from now_ts - q.updated_at));
        available := array_fill(0::double precision, array[cardinality(p_capacities)]);
        wait_s := 0;
        for i in 1..cardinality(p_capacities) loop
            -- limits may have been reconfigured since the row was written: its tokens, within the new capacity
            available[i] := least(p_capacities[i], coalesce(q.tokens[i], p_capacities[i]) + p_refill[i] * elapsed);
            if available[i] < least(need, p_capacities[i]) then
                wait_s := greatest(wait_s, (least(need, p_capacities[i]) - available[i]) / p_refill[i]);
            end if;
        end loop;
        if wait_s > 0 then
            return query select false, greatest(1, ceil(wait_s * 1000))::bigint, now_ts;
            return;
        end if;
        if p_permits = 0 then
            return query select true, 0::bigint, now_ts;
            return;
        end if;
        if attempt > 1 then
            for i in 1..cardinality(available) loop
                available[i] := available[i] - p_permits;
            end loop;
            update resilience_subject_quota
               set capacities = p_capacities, refill_per_sec = p_refill, tokens = available, updated_at = now_ts
             where budget = p_budget and subject = p_subject;
            return query select true, 0::bigint, now_ts;
            return;
        end if;
    end loop;
    -- the row vanished under us twice (a concurrent clean-up): let the caller try again at once
    return query select false, 1::bigint, clock_timestamp();
end
$$;

-- A bucket that has refilled completely is the same as no row: forget those, so the table holds recent subjects only.
create function resilience_forget_full_subject_quotas()
returns integer language sql as $$
    with gone as (
        delete from resilience_subject_quota q
         where not exists (
               select 1 from unnest(q.capacities, q.tokens, q.refill_per_sec) as u(c, t, r)
                where t + r * greatest(0, extract(epoch from clock_timestamp() - q.updated_at)) < c)
        returning 1)
    select count(*)::integer from gone
$$;

revoke all on function resilience_take_subject_permit(text, text, double precision[], double precision[], integer) from public;
revoke all on function resilience_forget_full_subject_quotas() from public;
grant execute on function resilience_take_subject_permit(text, text, double precision[], double precision[], integer) to ${app_role};
grant execute on function resilience_forget_full_subject_quotas() to ${app_role};
grant select, insert, update, delete on resilience_subject_quota to ${app_role};
