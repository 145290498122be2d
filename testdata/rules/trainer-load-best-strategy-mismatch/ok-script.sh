#!/bin/bash
torchrun --nproc_per_node 8 train.py --output_dir out --load_best_model_at_end True --save_strategy steps
