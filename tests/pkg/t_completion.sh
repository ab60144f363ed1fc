#!/usr/bin/env bash
# The packaged bash completion, run by bash-completion as a shell would:
# commands, each command's options, paired machines' names (from
# peers.txt, a name with a space kept as one word) for --to and forget,
# and machines nearby from `ferry peers` for --to.
. "$(dirname "$0")/lib_pkg.sh"
bc=/usr/share/bash-completion/bash_completion
[ -f "$bc" ] || { fail "bash-completion is missing (apt-get install bash-completion)"; finish; }
x="$T/deb"
dpkg-deb -x "$DEB" "$x"
cfg="$T/cfg"
mkdir -p "$cfg" "$T/bin"
{
    echo "ferry-peers 1"
    echo "$(printf 'a%.0s' {1..64}) 1700000000 desk top"
    echo "$(printf 'b%.0s' {1..64}) 1700000001 laptop"
} >"$cfg/peers.txt"
# A stand-in ferry on PATH for `ferry peers`: what it prints when a machine
# is nearby (the completion must not need a network to be tested).
cat >"$T/bin/ferry" <<'FAKE'
#!/bin/sh
[ "$1" = peers ] || exit 2
echo "Nearby:"
echo "  kitchen pc           Linux    192.168.1.7:53317      1234-5678-9abc-def0  not paired"
echo "Paired:"
echo "  laptop               bbbb-bbbb-bbbb-bbbb"
FAKE
chmod +x "$T/bin/ferry"
complete_words() {  # complete_words WORD...: the completions offered for the last word
    PATH="$T/bin:$PATH" FERRY_CONFIG_DIR="$cfg" bash -c '
        . "$1"; . "$2"; shift 2
        COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        _ferry ferry "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' sh "$bc" "$x/usr/share/bash-completion/completions/ferry" "$@"
}
check "ferry se<Tab>: send" [ "$(complete_words ferry se)" = "send" ]
check "ferry <Tab> offers every command" \
    [ "$(complete_words ferry "" | grep -cxE 'send|receive|peers|forget|history|doctor')" -eq 6 ]
check "ferry send --<Tab>: send's options" \
    [ "$(complete_words ferry send -- | tr '\n' ' ')" = "--allow-unpaired-mitm-risk --help --limit --name --quiet --text --to " ]
check "ferry receive --<Tab>: receive's options" \
    [ "$(complete_words ferry receive -- | tr '\n' ' ')" = "--allow-unpaired-mitm-risk --dir --help --name --no-discovery --once --port --quiet --raw-text --timeout --yes " ]
check "ferry peers --<Tab>" [ "$(complete_words ferry peers -- | tr '\n' ' ')" = "--help --port --wait " ]
check "ferry send --to <Tab>: paired and nearby machines, spaces escaped" \
    [ "$(complete_words ferry send --to "" | tr '\n' '|')" = 'desk\ top|kitchen\ pc|laptop|' ]
check "ferry doctor --<Tab>: doctor's options" \
    [ "$(complete_words ferry doctor -- | tr '\n' ' ')" = "--allow-unpaired-mitm-risk --help --json --port --speed " ]
check "ferry doctor k<Tab>: a machine nearby" [ "$(complete_words ferry doctor k)" = 'kitchen\ pc' ]
check "ferry history --type <Tab>: the types" \
    [ "$(complete_words ferry history --type "" | tr '\n' ' ')" = "archive audio document image text video " ]
check "ferry history --peer d<Tab>: a paired machine" [ "$(complete_words ferry history --peer d)" = 'desk\ top' ]
check "ferry forget l<Tab>: laptop" [ "$(complete_words ferry forget l)" = "laptop" ]
check "ferry forget <Tab>: paired machines only" [ "$(complete_words ferry forget "" | tr '\n' '|')" = '--help|desk\ top|laptop|' ]
finish
