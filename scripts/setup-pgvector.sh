#!/usr/bin/env bash
# Builds and installs pgvector for the local PostgreSQL when `CREATE EXTENSION vector` is unavailable.
# Debian 12 ships no pgvector for PostgreSQL 15, but Debian's source package (suite trixie) builds
# against postgresql-server-dev-15. The mirror URI is read from the machine's own apt sources, so no
# registry host is written here.
set -euo pipefail

PGHOST_ADDR="${PGHOST_ADDR:-127.0.0.1}"
if psql -h "$PGHOST_ADDR" -U postgres -d postgres -tAc "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'" | grep -q 1; then
  echo "pgvector: already available"
  exit 0
fi

# First non-security Debian mirror of the machine's sources ("URIs: X" in deb822 files, "deb X suite" in lists).
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | awk '$1 == "URIs:" || $1 == "deb" { print $2 }' | grep -v security | grep -i debian | head -n1 || true)
if [ -z "$mirror" ]; then
  echo "pgvector: could not find a Debian mirror in /etc/apt/sources.list*" >&2
  exit 1
fi

pg_major=$(psql -h "$PGHOST_ADDR" -U postgres -d postgres -tAc "SHOW server_version_num" | cut -c1-2)
work=$(mktemp -d)
chmod 755 "$work" # apt downloads as the unprivileged _apt user
list="$work/trixie-src.list"
echo "deb-src $mirror trixie main" > "$list"
apt_opts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=- -o "Dir::State::Lists=$work/lists" -o APT::Get::List-Cleanup=0)
mkdir -p "$work/lists/partial"

echo "pgvector: installing build dependencies for PostgreSQL $pg_major"
install_build_deps() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-server-dev-$pg_major" build-essential dpkg-dev >/dev/null; }
install_build_deps || { apt-get update -q >/dev/null && install_build_deps; }
echo "pgvector: fetching Debian source package (trixie)"
apt-get "${apt_opts[@]}" update -q >/dev/null
(cd "$work" && apt-get "${apt_opts[@]}" source -q --download-only pgvector >/dev/null && dpkg-source -x --no-check pgvector_*.dsc src >/dev/null)
echo "pgvector: building"
make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/$pg_major/bin/pg_config" >/dev/null
make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/$pg_major/bin/pg_config" install >/dev/null
rm -rf "$work"
echo "pgvector: installed"
