# FastChat's QLoRA recipe (docs/training.md, "Fine-tuning Vicuna-7B with
# QLoRA"): train_lora.py with q_lora, a 4-bit base and
# prepare_model_for_kbit_training.
deepspeed fastchat/train/train_lora.py \
    --model_name_or_path lmsys/vicuna-7b-v1.5 \
    --lora_r 8 \
    --lora_alpha 16 \
    --lora_dropout 0.05 \
    --bf16 True \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 1 \
    --model_max_length 2048 \
    --q_lora True \
    --gradient_checkpointing True
