#!/bin/bash
# a plain DeepSpeed engine (deepspeed.initialize with --deepspeed_config), as in DeepSpeedExamples' training/cifar;
# DeepSpeed's pydantic ZeRO and bf16 sections read "true" and "500000000" as true and 500000000
deepspeed --num_gpus 8 cifar10_deepspeed.py --deepspeed --deepspeed_config ds_config.json
