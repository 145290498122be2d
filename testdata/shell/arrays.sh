#!/bin/bash
# Flags kept in bash arrays, as OpenRLHF's example scripts write them.
MODEL=Qwen/Qwen2.5-7B
ENGINE_ARGS=(
   --actor.num_nodes 1
   # --critic.num_nodes 1
   --actor.num_gpus_per_node 4

   --vllm.num_engines "2"
)
ENGINE_ARGS+=(--train.colocate_all)
DATA=(--data "a b.jsonl" $MODEL)
declare -a EMPTY=()
JOINED="${DATA[*]}"
N=${#ENGINE_ARGS[@]}
FIRST=$ENGINE_ARGS
SECOND=${DATA[1]}
torchrun --nproc_per_node 4 train.py ${ENGINE_ARGS[@]} "${DATA[@]}" "${EMPTY[@]}" x${DATA[*]}y "${DATA[*]}" ${MISSING[@]} --n ${#DATA[1]}
BROKEN=(a; b)
python train.py "${BROKEN[@]}"
