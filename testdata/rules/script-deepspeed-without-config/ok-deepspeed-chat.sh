#!/bin/bash
deepspeed main.py \
    --model_name_or_path facebook/opt-1.3b \
    --per_device_train_batch_size 8 \
    --zero_stage 2 \
    --output_dir out
