#!/bin/bash
GPUS_PER_NODE=8
NNODES=2
WORLD=$((GPUS_PER_NODE*NNODES))
export MODEL="meta-llama/Llama-2-7b-hf"
LR='2e-5'
OUT=${OUTPUT_DIR:-./output}
: ${BATCH:=4}
STAGE=${1:-3}
SEED=$RANDOM
PORT=$(shuf -i 20000-29999 -n 1)
HOST=`hostname`
RUN_NAME="run_${LR}_$WORLD"
EMPTY=
ARGS="--model_name_or_path $MODEL \
    --learning_rate ${LR}"
X=$X$X
DATA="$1"
ALL="$@"
deepspeed --num_gpus $GPUS_PER_NODE --num_nodes $NNODES --master_port=$PORT train.py \
    $ARGS \
    --per_device_train_batch_size $BATCH \
    --zero_stage $STAGE \
    --seed $SEED \
    --run_name "$RUN_NAME" \
    --output_dir $OUT/$HOST \
    --data "$DATA" \
    --world $WORLD \
    $EMPTY \
    --quoted_empty "" \
    --single 'a b' --double "a  b" --escaped a\ b \
    --gas $(( (WORLD + 2) * 2 )) "$@"
