#!/bin/bash
deepspeed --num_gpus 8 train.py \
    --model_name_or_path meta-llama/Meta-Llama-3-8B \
    --output_dir out \
    --bf16 True \
    --per_device_train_batch_size 4 \
    --save_strategy steps \
    --logging_steps 10
