#!/bin/bash
deepspeed --num_gpus 4 src/train.py \
    --stage sft \
    --do_train \
    --finetuning_type lora \
    --template llama3 \
    --output_dir out
