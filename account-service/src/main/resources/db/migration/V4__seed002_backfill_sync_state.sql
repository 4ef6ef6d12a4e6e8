-- Seed 002, "Step 3: Data Migration". Re-runnable: it only touches rows not yet migrated.
update user_accounts
   set sync_status = case
           when status = 'active' then 'completed'
           when status = 'pending' then 'pending'
           else 'failed'
       end
 where sync_status is null;

update user_accounts
   set next_sync_at = now() + interval '1 hour'
 where next_sync_at is null;
