#!/bin/bash
torchrun --nproc_per_node 8 train.py \
  --deepspeed zero2.json \
  --per_device_train_batch_size 2 \
  --gradient_accumulation_steps $GA \
  --output_dir out
