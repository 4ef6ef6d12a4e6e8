-- shared-resilience: fair share of a rate budget. One token bucket per (budget, subject) (a subject is e.g. the JWT
-- sub of the user a call is made for), shared by every replica, so one subject cannot take a shared budget from
-- everyone. The limits come with each call (they are configuration, and a share shrinks as more subjects are active);
-- a row only keeps the tokens.

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

-- the subjects active on a budget lately (a share is split between them)
create index resilience_subject_quota_active_ix on resilience_subject_quota (budget, updated_at);

-- Takes p_permits from the subject's bucket of p_budget. A take that would find the bucket short may reserve ahead: when
-- the tokens it lacks refill within p_max_wait_ms it is granted at once with wait_ms = how long the caller must wait
-- before it calls (the bucket goes into debt; later takes wait behind it); otherwise it is refused with wait_ms = when a
-- take needs no wait. p_permits = 0 only asks whether a take would be granted now and writes nothing (admission). A
-- subject's first call finds a full bucket. A unit dearer than a small share's whole burst (a quote's pair of calls on a
-- burst of 1) counts as one burst, so it stays possible and the share's rate still holds. As with
-- resilience_take_permit, a refusal is decided on an unlocked read and a grant re-reads the row under its lock.
create function resilience_take_subject_permit(p_budget text, p_subject text, p_capacities double precision[],
        p_refill double precision[], p_permits integer default 1, p_max_wait_ms bigint default 0)
returns table (granted boolean, wait_ms bigint, taken_at timestamptz)
language plpgsql as $$
declare
    q          resilience_subject_quota%rowtype;
    now_ts     timestamptz;
    elapsed    double precision;
    available  double precision[];
    need       double precision := greatest(p_permits, 1);
    wait_s     double precision;
    max_wait_s double precision := greatest(p_max_wait_ms, 0) / 1000.0;
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
            -- limits change (reconfigured, or a share split between more subjects): keep the tokens within the new capacity
            available[i] := least(p_capacities[i], coalesce(q.tokens[i], p_capacities[i]) + p_refill[i] * elapsed);
            if available[i] < least(need, p_capacities[i]) then
                wait_s := greatest(wait_s, (least(need, p_capacities[i]) - available[i]) / p_refill[i]);
            end if;
        end loop;
        if wait_s > max_wait_s then
            return query select false, greatest(1, ceil(wait_s * 1000))::bigint, now_ts;
            return;
        end if;
        if p_permits = 0 then
            return query select true, ceil(wait_s * 1000)::bigint, now_ts;
            return;
        end if;
        if attempt > 1 then
            for i in 1..cardinality(available) loop
                available[i] := available[i] - p_permits;
            end loop;
            update resilience_subject_quota
               set capacities = p_capacities, refill_per_sec = p_refill, tokens = available, updated_at = now_ts
             where budget = p_budget and subject = p_subject;
            return query select true, ceil(wait_s * 1000)::bigint, now_ts;
            return;
        end if;
    end loop;
    -- the row vanished under us twice (a concurrent clean-up): let the caller try again at once
    return query select false, 1::bigint, clock_timestamp();
end
$$;

-- How many subjects took from p_budget's shares within the last p_window_ms (rows are kept at least that long).
create function resilience_active_subjects(p_budget text, p_window_ms bigint)
returns integer language sql stable as $$
    select count(*)::integer from resilience_subject_quota
     where budget = p_budget and updated_at > clock_timestamp() - make_interval(secs => p_window_ms / 1000.0)
$$;

-- A bucket that has refilled completely is the same as no row: forget those not used within p_keep_ms (they still count
-- as active until then), so the table holds recent subjects only.
create function resilience_forget_full_subject_quotas(p_keep_ms bigint default 0)
returns integer language sql as $$
    with gone as (
        delete from resilience_subject_quota q
         where q.updated_at < clock_timestamp() - make_interval(secs => greatest(p_keep_ms, 0) / 1000.0)
           and not exists (
               select 1 from unnest(q.capacities, q.tokens, q.refill_per_sec) as u(c, t, r)
                where t + r * greatest(0, extract(epoch from clock_timestamp() - q.updated_at)) < c)
        returning 1)
    select count(*)::integer from gone
$$;

revoke all on function resilience_take_subject_permit(text, text, double precision[], double precision[], integer, bigint) from public;
revoke all on function resilience_active_subjects(text, bigint) from public;
revoke all on function resilience_forget_full_subject_quotas(bigint) from public;
grant execute on function resilience_take_subject_permit(text, text, double precision[], double precision[], integer, bigint) to ${app_role};
grant execute on function resilience_active_subjects(text, bigint) to ${app_role};
grant execute on function resilience_forget_full_subject_quotas(bigint) to ${app_role};
grant select, insert, update, delete on resilience_subject_quota to ${app_role};
