#!/bin/bash
ZERO=0
BIG=9223372036854775807
A=$((8 / ZERO))
B=$((8 % 0))
C=$((BIG + 1))
D=$((BIG * 2))
E=$((2 ** 10))
F=$((UNSET_VAR * 2))
G=$((010 + 0x10))
H=$(( (((1+2))) ))
R=$R
S=S
T=$((S))
U=$((-9223372036854775807 - 1))
V=$((U / -1))
W=${#BASE}
BASE=abc
L=${#BASE}
N=${BASE%c}
torchrun --nproc_per_node $A --nnodes $G train.py --a $A --b $B --c $C --d $D --e $E --f $F --h $H --r "$R" --t $T --u $U --v $V --w $W --l $L --n $N
unterminated="never closed
