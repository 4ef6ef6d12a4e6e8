# shellcheck shell=bash
# What deploy/local/up runs: each process's module, ports and environment. Sourced by up, down and logs.

SUITE_PROCESSES=(sandbox account-service marketdata-service catalog-service)
SUITE_GATEWAY_PORT="${SUITE_GATEWAY_PORT:-8080}"
SANDBOX_URL="http://127.0.0.1:${SANDBOX_PORT:-8090}"

process_module() {
  case "$1" in
    sandbox) echo deploy/sandbox ;;
    *) echo "$1" ;;
  esac
}

process_port() {
  case "$1" in
    sandbox) echo "${SANDBOX_PORT:-8090}" ;;
    account-service) echo "${ACCOUNTS_HTTP_PORT:-8081}" ;;
    marketdata-service) echo "${MARKETDATA_HTTP_PORT:-8082}" ;;
    catalog-service) echo "${CATALOG_HTTP_PORT:-8083}" ;;
  esac
}

process_ready_url() {
  case "$1" in
    sandbox) echo "$SANDBOX_URL/q/health/ready" ;;
    account-service) echo "http://127.0.0.1:${ACCOUNTS_MANAGEMENT_PORT:-9081}/q/health/ready" ;;
    marketdata-service) echo "http://127.0.0.1:${MARKETDATA_MANAGEMENT_PORT:-9082}/q/health/ready" ;;
    catalog-service) echo "http://127.0.0.1:${CATALOG_MANAGEMENT_PORT:-9083}/q/health/ready" ;;
  esac
}

# Exports the environment of one process (called in its subshell). Local database passwords default to the ones
# deploy/local/db sets; upstreams default to the sandbox unless real credentials are in the environment.
process_env() {
  case "$1" in
    sandbox) ;;
    account-service)
      export ACCOUNTS_DB_APP_PASSWORD="${ACCOUNTS_DB_APP_PASSWORD:-accounts_app_local}"
      export ACCOUNTS_DB_OWNER_PASSWORD="${ACCOUNTS_DB_OWNER_PASSWORD:-accounts_owner_local}"
      ;;
    marketdata-service)
      export MARKETDATA_DB_APP_PASSWORD="${MARKETDATA_DB_APP_PASSWORD:-marketdata_app_local}"
      export MARKETDATA_DB_OWNER_PASSWORD="${MARKETDATA_DB_OWNER_PASSWORD:-marketdata_owner_local}"
      ;;
    catalog-service)
      export CATALOG_DB_APP_PASSWORD="${CATALOG_DB_APP_PASSWORD:-catalog_app_local}"
      export CATALOG_DB_OWNER_PASSWORD="${CATALOG_DB_OWNER_PASSWORD:-catalog_owner_local}"
      ;;
  esac
}
