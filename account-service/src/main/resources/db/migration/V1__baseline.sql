-- Baseline of the accounts schema: created and owned by accounts_owner (deploy/local/db, or the cluster's init in k8s).
comment on schema accounts is 'Amazon Ads accounts, tokens and sync (account-service)';
