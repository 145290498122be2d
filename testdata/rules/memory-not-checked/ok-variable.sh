#!/bin/bash
MODEL=Qwen/Qwen2.5-7B-Instruct
torchrun --nproc_per_node 8 train.py --model_name_or_path $MODEL --output_dir out --bf16 --per_device_train_batch_size 2 --gradient_checkpointing --max_seq_length 1024
