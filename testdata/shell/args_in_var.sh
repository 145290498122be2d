#!/bin/bash
GPUS_PER_NODE=8
NNODES=1
MASTER_PORT=6001

DISTRIBUTED_ARGS="
    --nproc_per_node $GPUS_PER_NODE \
    --nnodes $NNODES \
    --master_port $MASTER_PORT
"
torchrun $DISTRIBUTED_ARGS finetune.py  \
    --model_name_or_path openbmb/MiniCPM-V \
    --deepspeed ds_config_zero3.json

export LAUNCHER="accelerate launch \
    --num_processes $((SLURM_NNODES * GPUS_PER_NODE)) \
    --num_machines $SLURM_NNODES \
    "
export SCRIPT="examples/complete_nlp_example.py"
export CMD="$LAUNCHER $SCRIPT --mixed_precision fp16"
srun $CMD
