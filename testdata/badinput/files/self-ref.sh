#!/bin/bash
deepspeed --num_gpus 8 train.py --deepspeed self-ref.sh --output_dir out
