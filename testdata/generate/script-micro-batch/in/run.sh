#!/bin/bash
# Full fine-tune of Llama 3 8B on one node.
MICRO=8
deepspeed --num_gpus 8 train.py \
    --model_name_or_path meta-llama/Meta-Llama-3-8B \
    --deepspeed ds_zero2.json \
    --per_device_train_batch_size $MICRO \
    --gradient_accumulation_steps 2 \
    --max_seq_length 4096 \
    --bf16 true \
    --output_dir out 2>&1 | tee train.log
