-- Baseline of the catalog schema: created and owned by catalog_owner (deploy/local/db, or the cluster's init in k8s).
comment on schema catalog is 'Amazon product catalog and refresh jobs (catalog-service)';
