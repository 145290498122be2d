#!/bin/bash
deepspeed --num_gpus 4 train.py \
  --deepspeed_config zero2.json \
  --epochs 3
