#!/bin/bash
# Stage 1: pretrain the projector, stage 2: finetune everything.
export CUDA_VISIBLE_DEVICES=0,1,2,3
BASE=lmsys/vicuna-7b-v1.5
deepspeed llava/train/train_mem.py \
    --deepspeed ./scripts/zero2.json \
    --model_name_or_path $BASE \
    --tune_mm_mlp_adapter True \
    --output_dir ./checkpoints/stage1

deepspeed llava/train/train_mem.py \
    --deepspeed ./scripts/zero3.json \
    --model_name_or_path $BASE \
    --pretrain_mm_mlp_adapter ./checkpoints/stage1/mm_projector.bin \
    --output_dir ./checkpoints/stage2
