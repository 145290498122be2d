#!/bin/bash
deepspeed --num_gpus 8 train.py --output_dir out --bf16 True --save_strategy steps --logging_steps 10 $EXTRA_ARGS
