#!/bin/bash
# a plain DeepSpeed engine runs without a zero_optimization section (ZeRO stage 0)
deepspeed --num_gpus 8 train.py --deepspeed --deepspeed_config ds_config.json
