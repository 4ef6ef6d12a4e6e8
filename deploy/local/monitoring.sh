# shellcheck shell=bash
# The local Prometheus of deploy/local/up --with-monitoring: Debian's prometheus package (installed where missing),
# scraping the three management ports with the alert rules of k8s/base/monitoring/prometheusrule.yaml, on
# 127.0.0.1:$SUITE_PROMETHEUS_PORT (9090). Sourced by up and down after lib.sh and services.sh.

SUITE_PROMETHEUS_PORT="${SUITE_PROMETHEUS_PORT:-9090}"
SUITE_PROMETHEUS_URL="http://127.0.0.1:$SUITE_PROMETHEUS_PORT"

# Prints the rule groups of the PrometheusRule (its spec:, one level less indented) as a plain Prometheus rule file.
# The same extraction feeds promtool in k8s/manifest-tests (AlertRulesTest), which checks it against a YAML parser.
suite_alert_rules() {
  local source="${1:-$SUITE_REPO_ROOT/k8s/base/monitoring/prometheusrule.yaml}"
  sed -n '/^spec:$/,$p' "$source" | tail -n +2 | sed 's/^  //'
}

ensure_prometheus() {
  if have prometheus && have promtool; then return; fi
  log "installing prometheus (apt): the local Prometheus and promtool"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null \
    || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends prometheus >/dev/null; } \
    || die "could not install prometheus with apt"
}

start_prometheus() {
  local dir="$SUITE_RUN_DIR/prometheus" pidfile="$SUITE_RUN_DIR/pids/prometheus.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "prometheus already running (pid $(cat "$pidfile"))"
    return
  fi
  ensure_prometheus
  # a fresh database per start: alert states and series of an earlier run would only confuse
  rm -rf "$dir"
  mkdir -p "$dir/data"
  suite_alert_rules >"$dir/suite-alerts.rules.yaml"
  sed -e "s#@ACCOUNTS_MANAGEMENT_PORT@#${ACCOUNTS_MANAGEMENT_PORT:-9081}#g" \
      -e "s#@MARKETDATA_MANAGEMENT_PORT@#${MARKETDATA_MANAGEMENT_PORT:-9082}#g" \
      -e "s#@CATALOG_MANAGEMENT_PORT@#${CATALOG_MANAGEMENT_PORT:-9083}#g" \
      "$here/prometheus/prometheus.yml.template" >"$dir/prometheus.yml"
  promtool check config "$dir/prometheus.yml" >"$SUITE_RUN_DIR/logs/prometheus-check.log" 2>&1 \
    || die "promtool rejected the local Prometheus config (deploy/local/run/logs/prometheus-check.log)"
  (
    cd "$dir"
    exec setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
      --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$SUITE_PROMETHEUS_PORT" \
      >"$SUITE_RUN_DIR/logs/prometheus.log" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
  log "started prometheus (pid $!, log deploy/local/run/logs/prometheus.log)"
}

wait_prometheus_ready() {
  local deadline=$((SECONDS + 60)) pidfile="$SUITE_RUN_DIR/pids/prometheus.pid"
  until curl -fs -o /dev/null --max-time 2 "$SUITE_PROMETHEUS_URL/-/ready" 2>/dev/null; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      tail -n 20 "$SUITE_RUN_DIR/logs/prometheus.log" >&2 || true
      die "prometheus exited during start-up (log: deploy/local/run/logs/prometheus.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "prometheus is not ready after 60 s ($SUITE_PROMETHEUS_URL/-/ready)"
    sleep 1
  done
  log "prometheus ready"
}
