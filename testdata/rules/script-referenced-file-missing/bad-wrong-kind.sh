#!/bin/bash
torchrun --nproc_per_node 8 train.py --deepspeed train_args.yaml --output_dir out
