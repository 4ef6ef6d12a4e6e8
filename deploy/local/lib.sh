# shellcheck shell=bash
# Shared helpers for the deploy/local scripts. Source it; do not execute it.
#   here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; . "$here/lib.sh"

# Absolute path of the repository root (deploy/local/../..), whatever the caller's cwd.
# shellcheck disable=SC2034 # used by the scripts that source this file
SUITE_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Name of the calling script, for messages.
SUITE_SCRIPT="${SUITE_SCRIPT:-$(basename "$0")}"

log()  { printf '[%s] %s\n' "$SUITE_SCRIPT" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$SUITE_SCRIPT" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$SUITE_SCRIPT" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True if we can run commands as root: we are root, or sudo works without a prompt.
can_be_root() { is_root || { have sudo && sudo -n true >/dev/null 2>&1; }; }

# Run a command as root (directly, or through non-interactive sudo).
as_root() {
  if is_root; then
    "$@"
  elif have sudo && sudo -n true >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or password-less sudo) to run: $*"
  fi
}

# Directory of the local run (logs, pids, generated config, dev keys); never committed.
SUITE_RUN_DIR="${SUITE_RUN_DIR:-$SUITE_REPO_ROOT/deploy/local/run}"

# Makes the local development JWT key pair on first use and prints its directory.
# The private key signs deploy/local/token's tokens; the services trust the public key (local run only).
suite_jwt_keys() {
  local dir="$SUITE_RUN_DIR/jwt"
  if [ ! -s "$dir/private.pem" ] || [ ! -s "$dir/public.pem" ]; then
    have openssl || die "openssl is needed to make the local JWT key (apt-get install openssl)"
    mkdir -p "$dir"
    chmod 700 "$dir"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null)
    openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem" 2>/dev/null
    log "made the local development JWT key pair in $dir"
  fi
  printf '%s\n' "$dir"
}
