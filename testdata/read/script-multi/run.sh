#!/bin/bash
# Two-stage training: stage 1 on one node, stage 2 on two.
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
NNODES=1
MICRO=4
export SEQ=4096

deepspeed --num_gpus $GPUS_PER_NODE train.py \
    --model_name_or_path meta-llama/Meta-Llama-3-8B \
    --deepspeed ds_zero3.json \
    --per_device_train_batch_size $MICRO \
    --gradient_accumulation_steps $((32 / MICRO)) \
    --model_max_length $SEQ \
    --bf16 true \
    --gradient_checkpointing

NNODES=2
torchrun --nproc_per_node=$GPUS_PER_NODE --nnodes $NNODES train.py \
    --model_name_or_path meta-llama/Meta-Llama-3-8B \
    --deepspeed ds_zero3.json \
    --per_device_train_batch_size 2 \
    --gradient_accumulation_steps 8 \
    --bf16 true \
    --output_dir "$1"
