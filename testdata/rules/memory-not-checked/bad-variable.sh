#!/bin/bash
torchrun --nproc_per_node 8 train.py --model_name_or_path $MODEL_PATH --output_dir out --bf16 --per_device_train_batch_size 2
