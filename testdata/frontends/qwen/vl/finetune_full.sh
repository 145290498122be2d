#!/bin/bash
# A Qwen-VL-Chat full fine-tune through Qwen-VL's finetune.py, written for
# trainlint: fix_vit is left at its default (true), so the ViT stays frozen.
torchrun --nproc_per_node 8 finetune.py \
    --model_name_or_path Qwen/Qwen-VL-Chat \
    --data_path data.json \
    --bf16 True \
    --output_dir out \
    --per_device_train_batch_size 4 \
    --gradient_accumulation_steps 4 \
    --model_max_length 2048 \
    --lazy_preprocess True
