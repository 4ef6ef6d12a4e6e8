# shellcheck shell=bash
# What deploy/local/up runs: each process's module, ports and environment. Sourced by up, down and logs.

SUITE_PROCESSES=(sandbox account-service marketdata-service catalog-service)
SUITE_GATEWAY_PORT="${SUITE_GATEWAY_PORT:-8080}"
# Where the services (API and management ports) and the sandbox listen: loopback only unless asked otherwise. The
# gateway listens on 127.0.0.1 as well (gateway/nginx.conf.template).
SUITE_BIND_HOST="${SUITE_BIND_HOST:-127.0.0.1}"
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

# Health, metrics, the OpenAPI document and Swagger UI live on the management interface.
process_management_url() {
  case "$1" in
    sandbox) echo "$SANDBOX_URL" ;;
    account-service) echo "http://127.0.0.1:${ACCOUNTS_MANAGEMENT_PORT:-9081}" ;;
    marketdata-service) echo "http://127.0.0.1:${MARKETDATA_MANAGEMENT_PORT:-9082}" ;;
    catalog-service) echo "http://127.0.0.1:${CATALOG_MANAGEMENT_PORT:-9083}" ;;
  esac
}

process_ready_url() {
  echo "$(process_management_url "$1")/q/health/ready"
}

# The real-API credentials configured in the environment (names only): with any of them, the development sign-in stays
# off, since it would sign anyone in front of real accounts or paid quota.
suite_real_credentials() {
  local found=()
  case "${ACCOUNTS_LWA_CLIENT_ID:-}" in "" | amzn1.application-oa2-client.sandbox) ;; *) found+=(ACCOUNTS_LWA_CLIENT_ID) ;; esac
  case "${POLYGON_API_KEY:-}" in "" | sandbox-*) ;; *) found+=(POLYGON_API_KEY) ;; esac
  case "${CATALOG_PAAPI_ACCESS_KEY:-}" in "" | SANDBOXACCESSKEYID01) ;; *) found+=(CATALOG_PAAPI_ACCESS_KEY) ;; esac
  case "${CATALOG_CREATORS_CREDENTIAL_ID:-}" in "" | sandbox-creators-id) ;; *) found+=(CATALOG_CREATORS_CREDENTIAL_ID) ;; esac
  printf '%s\n' "${found[*]:-}"
}

# True when SUITE_BIND_HOST is a loopback address.
suite_bind_is_loopback() {
  case "$SUITE_BIND_HOST" in 127.* | localhost | ::1) return 0 ;; *) return 1 ;; esac
}

# Whether account-service gets the development sign-in: only on loopback and without real credentials.
suite_dev_sign_in() {
  [ -z "$(suite_real_credentials)" ] && suite_bind_is_loopback
}

# Exports the environment of one process (called in its subshell). Local database passwords default to the ones
# deploy/local/db sets; upstreams default to the sandbox unless real credentials are in the environment. Every process
# listens on SUITE_BIND_HOST (127.0.0.1), its management interface included.
process_env() {
  export QUARKUS_HTTP_HOST="${QUARKUS_HTTP_HOST:-$SUITE_BIND_HOST}"
  export QUARKUS_MANAGEMENT_HOST="${QUARKUS_MANAGEMENT_HOST:-$SUITE_BIND_HOST}"
  case "$1" in
    sandbox) ;;
    account-service)
      export ACCOUNTS_DB_APP_PASSWORD="${ACCOUNTS_DB_APP_PASSWORD:-accounts_app_local}"
      export ACCOUNTS_DB_OWNER_PASSWORD="${ACCOUNTS_DB_OWNER_PASSWORD:-accounts_owner_local}"
      # tokens at rest: a local key made once (deploy/local/run/accounts-token.key) unless one is given
      if [ -z "${ACCOUNTS_TOKEN_KEY:-}" ]; then
        local keyfile="$SUITE_RUN_DIR/accounts-token.key"
        [ -s "$keyfile" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$keyfile")
        ACCOUNTS_TOKEN_KEY="$(cat "$keyfile")"
        export ACCOUNTS_TOKEN_KEY
      fi
      export ACCOUNTS_LWA_REDIRECT_URI="${ACCOUNTS_LWA_REDIRECT_URI:-http://127.0.0.1:$SUITE_GATEWAY_PORT/api/v1/auth/amazon/callback}"
      # the local suite's profile on top of prod: plain-http session cookie and the dashboard's development sign-in,
      # which signs with the same local key deploy/local/token uses (account-service/README.md, "Dashboard"); not with
      # real credentials or off loopback (up refuses an explicit key then; the service refuses real upstreams itself)
      export QUARKUS_PROFILE="${QUARKUS_PROFILE:-prod,local}"
      if suite_dev_sign_in; then
        export ACCOUNTS_DASHBOARD_DEV_SIGN_IN_KEY_LOCATION="${ACCOUNTS_DASHBOARD_DEV_SIGN_IN_KEY_LOCATION:-$SUITE_RUN_DIR/jwt/private.pem}"
      else
        unset ACCOUNTS_DASHBOARD_DEV_SIGN_IN_KEY_LOCATION
      fi
      if [ -z "${ACCOUNTS_LWA_CLIENT_ID:-}" ]; then
        # no real LWA application: the sandbox's LWA and Ads API, with its sandbox-only client
        export ACCOUNTS_LWA_CLIENT_ID=amzn1.application-oa2-client.sandbox
        export ACCOUNTS_LWA_CLIENT_SECRET=sandbox-lwa-client-secret
        export ACCOUNTS_LWA_AUTHORIZE_URL="$SANDBOX_URL/lwa/ap/oa"
        export ACCOUNTS_LWA_URL="$SANDBOX_URL/lwa"
        export ACCOUNTS_ADS_URL_NA="$SANDBOX_URL/ads/na"
        export ACCOUNTS_ADS_URL_EU="$SANDBOX_URL/ads/eu"
        export ACCOUNTS_ADS_URL_FE="$SANDBOX_URL/ads/fe"
      fi
      ;;
    marketdata-service)
      export MARKETDATA_DB_APP_PASSWORD="${MARKETDATA_DB_APP_PASSWORD:-marketdata_app_local}"
      export MARKETDATA_DB_OWNER_PASSWORD="${MARKETDATA_DB_OWNER_PASSWORD:-marketdata_owner_local}"
      case "${POLYGON_API_KEY:-}" in
        "" | sandbox-*)
          # no real key: a sandbox key (the free plan's unless one is chosen), against the sandbox
          export POLYGON_API_KEY="${POLYGON_API_KEY:-sandbox-polygon-free}"
          export POLYGON_BASE_URL="${POLYGON_BASE_URL:-$SANDBOX_URL/polygon}"
          ;;
      esac
      ;;
    catalog-service)
      export CATALOG_DB_APP_PASSWORD="${CATALOG_DB_APP_PASSWORD:-catalog_app_local}"
      export CATALOG_DB_OWNER_PASSWORD="${CATALOG_DB_OWNER_PASSWORD:-catalog_owner_local}"
      if [ -z "${CATALOG_PAAPI_ACCESS_KEY:-}${CATALOG_CREATORS_CREDENTIAL_ID:-}" ]; then
        # no real product-data credentials: PA-API 5.0 of the sandbox, with its sandbox-only keys
        export CATALOG_SOURCE="${CATALOG_SOURCE:-paapi}"
        export CATALOG_PAAPI_ENDPOINT="${CATALOG_PAAPI_ENDPOINT:-$SANDBOX_URL}"
        export CATALOG_PAAPI_ACCESS_KEY=SANDBOXACCESSKEYID01
        export CATALOG_PAAPI_SECRET_KEY=sandbox/paapi/secret/key
        export CATALOG_PAAPI_PARTNER_TAG=suite-20
      fi
      ;;
  esac
}
