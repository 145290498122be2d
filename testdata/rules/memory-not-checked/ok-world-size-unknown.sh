#!/bin/bash
# The world size is known only at run time; the declared hardware is used.
torchrun --nproc_per_node $GPUS train.py --model_name_or_path Qwen/Qwen2.5-0.5B-Instruct --output_dir out --bf16 --per_device_train_batch_size 1 --max_seq_length 512
