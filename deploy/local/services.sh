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

# JVM options of the services, the same as the Dockerfiles' (README, "Operating"): Serial GC (the smallest footprint
# for small heaps on one or two cores), a heap capped well above the live set (15-40 MB measured), capped metaspace
# and code cache, native memory the JIT compilers freed handed back to the OS every 5 s (JDK 17.0.9+; it is what
# grows the resident set after load), and a class-data archive of the service (process_archive_opts).
# SUITE_JAVA_OPTS replaces all of it (e.g. to compare with the JVM's defaults; deploy/bench/startup does).
SUITE_JVM_OPTS_DEFAULT="-XX:+UseSerialGC -Xms16m -Xmx160m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError"

# The java that runs the processes: $SUITE_JAVA_HOME/bin/java when set (e.g. a JDK 25, for its AOT cache), else the
# one on the PATH.
suite_java() {
  if [ -n "${SUITE_JAVA_HOME:-}" ]; then
    printf '%s\n' "$SUITE_JAVA_HOME/bin/java"
  else
    printf '%s\n' java
  fi
}

# The feature release of suite_java (17, 21, 25, ...).
suite_java_feature() {
  "$(suite_java)" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

# Prints the JVM options of one process. A service runs with a class-data archive of its own, in its quarkus-app/: the
# first run after a build trains it (the JVM writes it when the process stops, with every class the run loaded: start-up
# and the requests it served), the later runs map it. JDK 24 and later: an AOT cache (app.aot: classes loaded and
# linked ahead of time); before: a dynamic CDS archive (app-cds.jsa). An archive older than the build is trained again.
# The archive records the class path relative to quarkus-app/, so the process is started from that directory
# (process_dir) with -jar quarkus-run.jar.
process_java_opts() {
  if [ -n "${SUITE_JAVA_OPTS:-}" ]; then
    printf '%s\n' "$SUITE_JAVA_OPTS"
    return
  fi
  if [ "$1" = sandbox ]; then
    # not a production service: the JVM's defaults and room for the big sandbox users' data
    printf '%s\n' "-Xms64m -Xmx512m"
    return
  fi
  printf '%s\n' "$SUITE_JVM_OPTS_DEFAULT $(process_archive_opts "$1")"
}

process_archive_opts() {
  local dir archive use train feature
  dir="$(process_dir "$1")"
  feature="$(suite_java_feature)"
  if [ "${feature:-17}" -ge 24 ]; then
    archive=app.aot use="-XX:AOTCache=app.aot" train="-XX:AOTCacheOutput=app.aot"
  else
    archive=app-cds.jsa use="-XX:SharedArchiveFile=app-cds.jsa -Xshare:auto" train="-XX:ArchiveClassesAtExit=app-cds.jsa"
  fi
  if [ -s "$dir/$archive" ] && [ "$dir/$archive" -nt "$dir/quarkus-run.jar" ]; then
    printf '%s\n' "$use"
  else
    rm -f "$dir/$archive"
    printf '%s\n' "$train"
  fi
}

process_dir() {
  echo "$SUITE_REPO_ROOT/$(process_module "$1")/target/quarkus-app"
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
  # catalog stores: any CATALOG_STORES_<ID>_CREDENTIAL_ID or _ACCESS_KEY in the environment (up exports the sandbox's
  # only when none is set)
  local name
  for name in $(compgen -e | grep -E '^CATALOG_STORES_[A-Z0-9_]+_(CREDENTIAL_ID|ACCESS_KEY)$' || true); do
    case "${!name}" in sandbox-* | SANDBOXACCESSKEY*) ;; *) found+=("$name") ;; esac
  done
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

# Traces (OpenTelemetry, shared-resilience's "Traces" settings): the services export spans by OTLP only when a
# collector is named, OTEL_EXPORTER_OTLP_ENDPOINT (or QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT) with OTEL_EXPORTER_OTLP_PROTOCOL
# grpc (the default) or http/protobuf; otherwise their SDK is off (QUARKUS_OTEL_SDK_DISABLED=true), so no exporter keeps
# failing against a collector that is not there. The sandbox has no tracing.

# The OTLP endpoint named in the environment, or nothing.
suite_otlp_endpoint() {
  printf '%s\n' "${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:-${OTEL_EXPORTER_OTLP_ENDPOINT:-}}"
}

suite_otlp_protocol() {
  printf '%s\n' "${QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL:-${OTEL_EXPORTER_OTLP_PROTOCOL:-grpc}}"
}

# Why a named endpoint cannot be used (the services would not start with it), or nothing.
suite_otlp_problem() {
  local endpoint protocol
  endpoint="$(suite_otlp_endpoint)"
  protocol="$(suite_otlp_protocol)"
  [ -n "$endpoint" ] || return 0
  case "$endpoint" in
    http://?* | https://?*) ;;
    *) echo "the OTLP endpoint '$endpoint' is not an http:// or https:// URL"; return 0 ;;
  esac
  case "$protocol" in
    grpc | http/protobuf) ;;
    *) echo "the OTLP protocol '$protocol' is not one the services speak (grpc or http/protobuf)" ;;
  esac
}

# True when the services export traces.
suite_traces_on() {
  [ -n "$(suite_otlp_endpoint)" ] && [ -z "$(suite_otlp_problem)" ] && [ "${QUARKUS_OTEL_SDK_DISABLED:-false}" != true ]
}

# Whether the services export traces and where, in a few words (deploy/local/up prints it).
suite_traces_summary() {
  local problem
  problem="$(suite_otlp_problem)"
  if suite_traces_on; then
    echo "exported by OTLP ($(suite_otlp_protocol)) to $(suite_otlp_endpoint)"
  elif [ -n "$problem" ]; then
    echo "off: $problem"
  elif [ -n "$(suite_otlp_endpoint)" ]; then
    echo "off: QUARKUS_OTEL_SDK_DISABLED=true (collector $(suite_otlp_endpoint) not used)"
  else
    echo "off: no collector named (set OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4317)"
  fi
}

# Exports the tracing environment of one service.
process_traces_env() {
  if suite_traces_on; then
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="$(suite_otlp_endpoint)"
    QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL="$(suite_otlp_protocol)"
    export QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL
    export QUARKUS_OTEL_SDK_DISABLED=false
  else
    # no collector, or one the exporter could not use: never a service that refuses to start over its traces
    export QUARKUS_OTEL_SDK_DISABLED=true
  fi
}

# Exports the environment of one process (called in its subshell). Local database passwords default to the ones
# deploy/local/db sets; upstreams default to the sandbox unless real credentials are in the environment. Every process
# listens on SUITE_BIND_HOST (127.0.0.1), its management interface included. Traces: process_traces_env.
process_env() {
  export QUARKUS_HTTP_HOST="${QUARKUS_HTTP_HOST:-$SUITE_BIND_HOST}"
  export QUARKUS_MANAGEMENT_HOST="${QUARKUS_MANAGEMENT_HOST:-$SUITE_BIND_HOST}"
  # next_token cursors are HMAC-signed (resilience.cursors.key, required in prod): a local key made once
  # (deploy/local/run/cursor.key), shared by every replica of the local run, unless one is given
  if [ "$1" != sandbox ] && [ -z "${SUITE_CURSOR_KEY:-}" ]; then
    local cursorfile="$SUITE_RUN_DIR/cursor.key"
    # the services start in parallel: write aside and move into place without clobbering, so none reads a half-made
    # file and all end up with the first key made
    if [ ! -s "$cursorfile" ]; then
      local made
      made="$(umask 077 && mktemp "$cursorfile.XXXXXX")"
      head -c 32 /dev/urandom | base64 >"$made"
      mv -n "$made" "$cursorfile"
      rm -f "$made"
    fi
    SUITE_CURSOR_KEY="$(cat "$cursorfile")"
    export SUITE_CURSOR_KEY
  fi
  [ "$1" = sandbox ] || process_traces_env
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
      # (grep -c, not -q: an early exit would break the pipe, and pipefail would read "none configured")
      if [ "$(compgen -e | grep -c '^CATALOG_STORES_' || true)" = 0 ]; then
        # no real product-data credentials: the sandbox's Creators API (the default source; CATALOG_SOURCE=paapi for
        # its PA-API 5.0) with two sandbox-only stores: the US on a 3.1 (Login with Amazon) credential, Germany and the
        # UK on a 2.2 (Cognito, Europe) one, each with its own tracking ids and budget
        export CATALOG_SOURCE="${CATALOG_SOURCE:-creators}"
        export CATALOG_CREATORS_URL="${CATALOG_CREATORS_URL:-$SANDBOX_URL}"
        export CATALOG_PAAPI_ENDPOINT="${CATALOG_PAAPI_ENDPOINT:-$SANDBOX_URL}"
        export CATALOG_STORES_US_CREDENTIAL_ID=sandbox-creators-id CATALOG_STORES_US_CREDENTIAL_SECRET=sandbox-creators-secret
        export CATALOG_STORES_US_CREDENTIAL_VERSION=3.1 CATALOG_STORES_US_TOKEN_URL="$SANDBOX_URL/lwa/auth/o2/token"
        export CATALOG_STORES_US_ACCESS_KEY=SANDBOXACCESSKEYID01 CATALOG_STORES_US_SECRET_KEY=sandbox/paapi/secret/key
        export CATALOG_STORES_US_PARTNER_TAGS=www.amazon.com=suite-20
        export CATALOG_STORES_DE_CREDENTIAL_ID=sandbox-creators-eu-id CATALOG_STORES_DE_CREDENTIAL_SECRET=sandbox-creators-eu-secret
        export CATALOG_STORES_DE_CREDENTIAL_VERSION=2.2 CATALOG_STORES_DE_TOKEN_URL="$SANDBOX_URL/cognito/eu-south-2/oauth2/token"
        export CATALOG_STORES_DE_ACCESS_KEY=SANDBOXACCESSKEYEU01 CATALOG_STORES_DE_SECRET_KEY=sandbox/paapi/secret/key-eu
        export CATALOG_STORES_DE_PARTNER_TAGS=www.amazon.de=suite-de-21,www.amazon.co.uk=suite-uk-21
      fi
      ;;
  esac
}
