#!/bin/bash
deepspeed --num_gpus 8 pretrain.py \
  --deepspeed \
  --deepspeed_config zero.json
