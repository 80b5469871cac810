#!/bin/sh
# The system programs the tests run, from Debian's packages: jq (the doapi command's README session pipes through it),
# script (its terminal test) and redis-server (RedisBudget's tests start servers of their own). Run before the tests
# (`pnpm test`): what is missing is installed with apt-get when this user may (root); otherwise it says what to install,
# and the tests that need it fail saying so.
missing=""
command -v jq >/dev/null 2>&1 || missing="$missing jq"
command -v script >/dev/null 2>&1 || missing="$missing bsdutils"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing what the tests need (Debian's packages):$missing" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
fi
echo "the tests need:$missing (Debian: apt-get install$missing); the tests that use them will fail until installed" >&2
exit 0
