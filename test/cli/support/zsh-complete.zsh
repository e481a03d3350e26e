# Prints the completions a real interactive zsh offers for a command line, one per line.
# Usage: zsh -f zsh-complete.zsh SCRIPT LINE
# An interactive zsh runs on a pseudo-terminal (zpty) and sources SCRIPT; LINE is typed, then a key bound to a
# widget that runs zsh's own complete-word and then prints an end marker. compadd is wrapped to print what each
# call would add between << and >> instead of adding it. Nothing is typed while the completion runs (zsh may
# cut a completion short when keys are waiting), and the marker makes an empty answer need no timeout.
zmodload zsh/zpty || exit 3
zpty shell zsh -f -i
zpty -w shell 'PROMPT= RPROMPT=; unsetopt BEEP'
zpty -w shell "source ${(q)1}"
zpty -w shell 'compadd () { local -a __offered; builtin compadd -O __offered "$@"; (( ${#__offered} )) && print -r -- "<<${(pj:\n:)__offered}>>"; }'
zpty -w shell '__mdbkit_test_complete () { zle complete-word; print -r -- "MDBKIT_""DONE"; }; zle -N __mdbkit_test_complete; bindkey "^T" __mdbkit_test_complete'
zpty -w shell 'print -r -- MDBKIT_""READY'
zpty -r shell _ '*MDBKIT_READY*' || exit 4
zpty -w -n shell "$2"$'\x14'
zpty -r shell answer '*MDBKIT_DONE*' || exit 5
zpty -d shell
# Only what compadd printed: the words between << and >>, one per line, without the terminal's carriage returns.
answer=${answer//$'\r'/}
while [[ $answer == *'<<'*'>>'* ]]; do
  answer=${answer#*<<}
  print -r -- "${answer%%>>*}"
  answer=${answer#*>>}
done
