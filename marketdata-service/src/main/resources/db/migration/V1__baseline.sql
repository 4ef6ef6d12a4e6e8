-- Baseline of the marketdata schema: created and owned by marketdata_owner (deploy/local/db, or the cluster's init in k8s).
comment on schema marketdata is 'Polygon/Massive market data cache (marketdata-service)';
