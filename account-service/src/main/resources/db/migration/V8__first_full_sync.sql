-- A new (or renewed) Amazon connection asks for a full sync of the user's accounts. The request is durable: the
-- callback starts the run at once, and should its instance die the sync job claims the user again within seconds
-- (due_at) until a full run has listed the accounts. Without it a user with no accounts yet is never due.
alter table account_sync_schedule add column full_sync_pending boolean not null default false;
