#!/bin/bash
accelerate launch --config_file multi_gpu.yaml train.py \
  --deepspeed zero2.json \
  --bf16 \
  --output_dir out
