-- Seed 002's rate_limit_tracking with what the seed asks for and V6 could not say (its TODO): last_limit_hit is now the
-- exact time of the last 429 of the row (was: the end of the minute that saw one) and retry_after_seconds the
-- Retry-After that 429 carried, in seconds (was: always null), both from the columns shared-resilience's V0_3 adds to
-- resilience_upstream_usage. Null when the row saw no 429, when that 429 said no Retry-After (retry_after_seconds), and
-- in rows written before V0_3 (their 429s are only counted). Same columns, types and order as V6, so the view is
-- replaced in place; still a security barrier limited to the caller's own rows (the usage table is shared and has no
-- policy), still readable by the runtime role only through it.
create or replace view rate_limit_tracking with (security_barrier = true) as
select u.subject::uuid                                   as user_id,
       u.upstream                                        as upstream,
       u.endpoint                                        as endpoint,
       u.calls                                           as request_count,
       u.throttled                                       as limit_hit_count,
       u.last_limit_hit                                  as last_limit_hit,
       u.last_retry_after_seconds                        as retry_after_seconds,
       u.window_start                                    as window_start,
       u.budget_waits                                    as budget_waits,
       u.budget_wait_ms                                  as budget_wait_ms
  from resilience_upstream_usage u
 where u.subject = nullif(current_setting('app.user_id', true), '')
   and u.subject ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

grant select on rate_limit_tracking to ${app_role};
