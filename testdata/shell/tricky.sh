#!/bin/bash
# Constructs that are easy to misread; none of them may hide or invent a launch.
A="x y"
B=${A:-"a b"}
C=$'tab\there'
D=(one "two three")
E="$(echo "nested \"quotes\" $(date)")"
F=${UNSET-"dash default"}
G=${A:+alt}
H=${#A}
I=${A/x/z}
if [[ -n $A && $A < "z" ]]; then J=1; fi
for ((i = 0; i < 3; i++)); do K=$i; done
function f() { L=1; }
case "$A" in
  (x*) M=matched ;;
  *) M=other ;;
esac
diff <(sort a) >(sort b) 2>&1 | cat <<< "deepspeed here.py"
cat <<"EOF" | python -
deepspeed inside_heredoc.py
EOF
echo "deepspeed in_echo.py" # deepspeed in_comment.py
x=1 y=2
time -p python3 -W ignore -X dev timed.py --b "$B" --c "$C" --e "$E" --f "$F" --g "$G" --h $H --i $I --j "$J" --k "$K" --m "$M" --d "${D[1]}" 3>/dev/null
python -c 'import deepspeed'
{ torchrun --nproc_per_node=2 grouped.py; } > log
! deepspeed --num_gpus=1 negated.py
exec python -m llamafactory.launcher x.yaml
NOTE=$(cat <<'END'
it's a here-document inside a substitution
END
)
MSG=$(echo hi # it's a comment
)
torchrun --nproc_per_node 2 after_substitutions.py --note "$NOTE"
