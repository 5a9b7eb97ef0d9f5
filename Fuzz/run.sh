#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/<target>/main.swift and runs each for a bounded time.
#
#   Fuzz/run.sh [seconds-per-target] [target…]     (default: 300 s; targets: record cid keyfile dnslink bencode
#                                                    multiaddr multistream noisepayload yamux kad)
#
# Each harness is compiled with the library sources it needs (NameCore, Sodium, Multiformats, NameKeys,
# NameRecord, Libp2p, NameAmino: one object per module, all instrumented) using
# `swiftc -sanitize=fuzzer,address -parse-as-library -O`; binaries go to .build-fuzz/.
# Seeds: Fuzz/corpus/<target>/ (kept in git) plus, for `record`, the spec vectors; what libFuzzer
# discovers goes to .build-fuzz/corpus/<target>/ (not kept). A crashing, leaking or timing-out input
# is written to Fuzz/regressions/<target>/ (kept in git, replayed by FuzzRegressionTests) and the
# script exits non-zero.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-300}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(record cid keyfile dnslink bencode multiaddr multistream noisepayload yamux kad)

OUT=.build-fuzz
MODULES=$OUT/modules
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O)
VECTORS=(/work/shared/vectors/ipns Tests/Vectors/ipns)
mkdir -p "$MODULES"

# Compile one library module into an object plus its .swiftmodule; rebuilt when one of its sources
# changed or a module it imports was rebuilt in this run.
rebuilt=0
build_module() {
    local module=$1
    local object=$OUT/$module.o
    local sources
    mapfile -t sources < <(module_sources "$module")
    if [ $rebuilt = 0 ] && [ -f "$object" ] && [ -z "$(find "${sources[@]}" -newer "$object")" ]; then
        return
    fi
    rebuilt=1
    echo "fuzz: compiling module $module"
    swiftc "${FLAGS[@]}" -module-name "$module" -wmo -c "${sources[@]}" -o "$object" \
        -emit-module -emit-module-path "$MODULES/$module.swiftmodule" -I "$MODULES" -I Sources/CSodium
}

# A module's sources. Libp2p and NameAmino are fuzzed without their SwiftNIO parts (sockets,
# sessions, hosts, lookups): only the codecs, which import nothing beyond Sodium, Multiformats and NameCore.
module_sources() {
    case $1 in
        Libp2p) find Sources/Libp2p -name '*.swift' | grep -vE '/(Transport|Host)/|SecureChannel|NoiseHandshake.swift|YamuxSession|YamuxStream|YamuxConfiguration' | sort ;;
        NameAmino) echo Sources/NameAmino/AminoError.swift; find Sources/NameAmino/Kad -name '*.swift' | grep -v KadExchange | sort ;;
        *) find "Sources/$1" -name '*.swift' | sort ;;
    esac
}

for module in NameCore Sodium Multiformats NameKeys NameRecord Libp2p NameAmino; do build_module "$module"; done

# dnslink and bencode harnesses compile their few sources into one module (no package deps).
single_module_sources() {
    case $1 in
        dnslink) echo Sources/LDNS/*.swift Sources/NameDNS/DNSLink/DNSLinkEntry.swift Sources/NameDNS/DNSLink/DNSLinkInvalidReason.swift \
            Sources/NameDNS/DNSLink/DNSLinkLogEntry.swift Sources/NameDNS/DNSLink/DNSLinkIdentifier.swift \
            Sources/NameDNS/DNSLink/DNSLinkTXTValue.swift Sources/NameDNS/DNSLink/DNSLinkResult.swift \
            Sources/NameDNS/DNSLink/JSONText.swift Sources/NameDNS/Zone/ZoneRecord.swift ;;
        bencode) echo Sources/NameDHT/DHTError.swift Sources/NameDHT/SHA1.swift Sources/NameDHT/Bencode/*.swift Sources/NameDHT/KRPC/*.swift \
            Sources/NameDHT/Routing/NodeID.swift Sources/NameDHT/Routing/DHTContact.swift Sources/NameDHT/Transport/DHTEndpoint.swift ;;
        *) echo "" ;;
    esac
}

modules_for() {
    case $1 in
        dnslink) echo "" ;;
        bencode) echo "NameCore" ;;
        record) echo "NameCore Sodium Multiformats NameKeys NameRecord" ;;
        cid) echo "NameCore Sodium Multiformats NameKeys" ;;
        keyfile) echo "NameCore Sodium Multiformats NameKeys" ;;
        multiaddr|multistream|noisepayload|yamux) echo "NameCore Sodium Multiformats Libp2p" ;;
        kad) echo "NameCore Sodium Multiformats Libp2p NameAmino" ;;
        *) echo "unknown fuzz target '$1'" >&2; exit 2 ;;
    esac
}

max_len_for() {
    case $1 in
        record) echo 12288 ;;   # above the 10 KiB record limit
        cid) echo 512 ;;
        keyfile) echo 2048 ;;
        dnslink) echo 4096 ;;
        bencode) echo 4096 ;;
        multiaddr|multistream|yamux) echo 1100 ;;
        noisepayload) echo 4096 ;;
        kad) echo 16384 ;;
    esac
}

status=0
for target in "${TARGETS[@]}"; do
    objects=()
    for module in $(modules_for "$target"); do objects+=("$OUT/$module.o"); done
    binary=$OUT/fuzz-$target
    echo "fuzz: linking $binary"
    # lld: gold prints a warning for every ASan helper symbol.
    read -r -a single <<<"$(single_module_sources "$target")"
    if ! swiftc "${FLAGS[@]}" -use-ld=lld -module-name "Fuzz_$target" "Fuzz/$target/main.swift" "${single[@]}" "${objects[@]}" \
        -I "$MODULES" -I Sources/CSodium -I Sources/CLDNS -lsodium -lldns -o "$binary" 2>"$OUT/link-$target.log"; then
        cat "$OUT/link-$target.log" >&2
        exit 1
    fi

    work=$OUT/corpus/$target
    regressions=Fuzz/regressions/$target
    mkdir -p "$work" "$regressions" "Fuzz/corpus/$target"
    seeds=("Fuzz/corpus/$target")
    [ -d "Fuzz/$target/corpus" ] && seeds+=("Fuzz/$target/corpus")
    if [ "$target" = record ]; then
        for dir in "${VECTORS[@]}"; do [ -d "$dir" ] && seeds+=("$dir"); done
    fi

    echo "fuzz: running $target for ${SECONDS_PER_TARGET}s (seeds: ${seeds[*]})"
    # SWIFT_BACKTRACE=enable=no: a crash must not start swift-backtrace, which would hold the pipe open.
    set +e
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        timeout --kill-after=30 $((SECONDS_PER_TARGET + 120)) \
        "$binary" "$work" "${seeds[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len_for "$target")" -timeout=10 \
        -artifact_prefix="$regressions/" -print_final_stats=1 2>"$OUT/fuzz-$target.log"
    rc=$?
    set -e
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)' \
        "$OUT/fuzz-$target.log" || true
    if [ $rc -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $rc); log: $OUT/fuzz-$target.log; inputs kept in $regressions/:" >&2
        ls -1 "$regressions" >&2 || true
        status=1
    else
        echo "fuzz: $target ok"
    fi
done
exit $status
