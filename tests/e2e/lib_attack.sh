# lib_attack.sh: helpers for the t_attack_*.sh tests, which attack a
# receiver through its own receive folder and through lying senders.
# Sourced after lib.sh.

# snapshot DIR: a listing that changes when anything under DIR is added,
# removed, renamed, relinked, rewritten or has its mode or time changed:
# type, mode, size, mtime and link target of every entry, then a checksum
# of every regular file. Compare two snapshots with [ "$a" = "$b" ].
snapshot() {
    (cd "$1" && find . -printf '%y %m %s %T@ %p -> %l\n' | LC_ALL=C sort &&
        find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2)
}

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# wait_size FILE BYTES SECONDS: polls until FILE holds at least BYTES.
wait_size() {
    local i
    for i in $(seq 1 $(( $3 * 20 ))); do
        [ "$(file_size "$1")" -ge "$2" ] && return 0
        sleep 0.05
    done
    echo "wait_size: $1 has $(file_size "$1") bytes, wanted $2 within $3 s" >&2
    return 1
}

# wait_grep FILE PATTERN SECONDS: polls until FILE has a line with PATTERN (fixed string).
wait_grep() {
    local i
    for i in $(seq 1 $(( $3 * 20 ))); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# bg_send LOG ARGS...: starts `ferry send` in the background; sets SPID.
bg_send() {
    local log=$1; shift
    "$FERRY" send $RISK "$@" >"$log" 2>&1 </dev/null &
    SPID=$!
    PIDS+=("$SPID")
}

# kill9 PID: kills a process outright (no chance to tidy up) and reaps it.
kill9() {
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}

# not_zero_filled FILE: true unless FILE is non-empty and all zero bytes
# (what a file looks like when a size was reserved but no data written).
not_zero_filled() {
    local n
    n=$(file_size "$1")
    [ "$n" -eq 0 ] || ! cmp -s -n "$n" "$1" /dev/zero
}

# landed DIR NAME: prints DIR/NAME or DIR/"NAME (1)", whichever exists
# (a fresh transfer may get a collision name); nothing if neither does.
landed() {
    if [ -e "$1/$2" ] && [ ! -L "$1/$2" ]; then echo "$1/$2"
    elif [ -e "$1/$2 (1)" ]; then echo "$1/$2 (1)"
    fi
}

# resumed_bytes LOG: what ferry send reports as already there (resumed or
# skipped) in its summary; empty if it printed no summary.
resumed_bytes() {
    sed -n 's/.*already there (resumed or skipped): \([0-9]*\) bytes.*/\1/p' "$1" | tail -1
}

# tree_size DIR: the sum of the sizes of the regular files under DIR.
tree_size() {
    find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

# swap_for_link PATH TARGET: between two runs, someone replaces the folder
# PATH with a symbolic link to TARGET, which holds a copy of what PATH held
# (so a resume that followed it would find its partial files) and a
# keep.txt. Sets BEFORE to TARGET's snapshot.
swap_for_link() {
    local away="$T/real-$(basename "$1")"
    mv "$1" "$away"
    mkdir -p "$2"
    cp -a "$away/." "$2/"
    echo "keep me" >"$2/keep.txt"
    ln -s "$2" "$1"
    BEFORE=$(snapshot "$2")
}
