#!/bin/sh
# Checks the settlement model (settlement.pml) with spin: under both ways of resolving an
# unknown outcome every assertion must hold in every reachable state, and each mutant (the
# model with one platform rule taken out) must be caught, which shows the assertions can fail.
# Needs spin and a C compiler; the REVERSE run explores about 12 million states (1.2 GB, 15 s).
set -eu
model=$(cd "$(dirname "$0")" && pwd)/settlement.pml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# verify NAME EXPECTATION [spin -D flags]: EXPECTATION is "holds" or "fails".
verify() {
    name=$1 expectation=$2
    shift 2
    (
        cd "$work"
        spin -a "$@" "$model" > spin.out
        gcc -O2 -w -DCOLLAPSE -DVECTORSZ=2048 -o pan pan.c
        ./pan -m100000 -w26 > "$name.out" 2>&1 || true
    )
    errors=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' "$work/$name.out")
    states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$work/$name.out")
    if [ -z "$errors" ]; then
        echo "model $name: spin did not finish" >&2
        cat "$work/$name.out" >&2
        exit 1
    fi
    if [ "$expectation" = holds ] && [ "$errors" -ne 0 ]; then
        echo "model $name: $errors assertion failures" >&2
        grep -m 5 -i "assert\|error" "$work/$name.out" >&2
        exit 1
    fi
    if [ "$expectation" = fails ] && [ "$errors" -eq 0 ]; then
        echo "model $name: the mutant was not caught" >&2
        exit 1
    fi
    echo "model $name: $expectation ($states states, $errors errors)"
}

verify resend holds -DUNKNOWN_POLICY=RESEND
verify reverse holds -DUNKNOWN_POLICY=REVERSE
verify reverse-without-fence fails -DUNKNOWN_POLICY=REVERSE -DMUTANT_NO_FENCE
verify reverse-without-shared-rule fails -DUNKNOWN_POLICY=REVERSE -DMUTANT_NO_SHARED_RULE
