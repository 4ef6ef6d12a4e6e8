-- shared-resilience: the last 429 of each usage row (upstream, endpoint, subject, minute), as seed 002's
-- rate_limit_tracking wants it: when exactly it came (last_limit_hit, the recording replica's clock, to the microsecond)
-- and the Retry-After it carried in whole seconds (null when the upstream sent none). Of several 429s in one row the
-- latest wins (UpstreamUsage's upsert keeps the greater time and that 429's Retry-After). Rows written before this
-- migration keep null in both: their 429s are only counted.
alter table resilience_upstream_usage
    add column last_limit_hit            timestamptz,
    add column last_retry_after_seconds  integer,
    add constraint resilience_upstream_usage_retry_after_ck check (last_retry_after_seconds >= 0),
    add constraint resilience_upstream_usage_limit_hit_ck check (last_retry_after_seconds is null or last_limit_hit is not null);
