#!/bin/bash
# accelerate's examples/deepspeed_config_templates/zero_stage1_config.json (Apache-2.0), written for the
# Hugging Face integration, handed to a plain DeepSpeed engine
deepspeed --num_gpus 8 train.py \
  --deepspeed \
  --deepspeed_config zero_stage1_config.json
