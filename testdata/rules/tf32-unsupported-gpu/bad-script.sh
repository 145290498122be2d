#!/bin/bash
torchrun --nproc_per_node 1 train.py --output_dir out --tf32 True --fp16
