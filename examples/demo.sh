#!/usr/bin/env bash
# A short end-to-end run in a throw-away home: make a key, publish, resolve, inspect.
set -euo pipefail
bin=${1:-.build/debug/namectl}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export NAMECTL_HOME=$home NAMECTL_PASSPHRASE=demo-passphrase
run() { echo "\$ namectl $*"; "$bin" "$@"; echo; }
run key gen demo
name=$("$bin" key list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["keys"][0]["name"])')
run key list
run publish demo bafkqaddwgevxmmraojswg33smq
run resolve "/ipns/$name/docs/index.html"
run publish demo /ipfs/bafkqadtwgiww63tmpeqhezldn5zgi --ttl 5m
run resolve "$name" --json
run record export demo -o "$home/demo.ipns-record"
run inspect "$home/demo.ipns-record" --name "$name"
echo "The name $name is yours: the key in $home/keys (now deleted) is the only way to change it."
