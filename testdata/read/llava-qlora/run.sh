# LLaVA-1.5's LoRA fine-tune (scripts/v1_5/finetune_lora.sh) with --bits 4:
# the base loads in 4 bits and train() runs prepare_model_for_kbit_training.
python llava/train/train_mem.py \
    --lora_enable True --lora_r 128 --lora_alpha 256 \
    --bits 4 \
    --model_name_or_path lmsys/vicuna-7b-v1.5 \
    --version v1 \
    --vision_tower openai/clip-vit-large-patch14-336 \
    --mm_projector_type mlp2x_gelu \
    --bf16 True \
    --per_device_train_batch_size 4 \
    --gradient_accumulation_steps 4 \
    --model_max_length 2048 \
    --gradient_checkpointing True
