#!/bin/bash
# A LLaVA-1.5 full fine-tune through train.py (no flash attention patch), no
# gradient checkpointing, no model_max_length: the knobs must write LLaVA's
# own keys (model_max_length, lora_enable, bits, freeze_backbone) and leave
# out what its parser rejects (attn_implementation, use_peft).
deepspeed llava/train/train.py \
    --deepspeed ./scripts/zero3.json \
    --model_name_or_path lmsys/vicuna-7b-v1.5 \
    --version v1 \
    --data_path ./data/mix.json \
    --image_folder ./data \
    --vision_tower openai/clip-vit-large-patch14-336 \
    --mm_projector_type mlp2x_gelu \
    --image_aspect_ratio pad \
    --bf16 True \
    --output_dir ./checkpoints/out \
    --per_device_train_batch_size 32 \
    --gradient_accumulation_steps 1
