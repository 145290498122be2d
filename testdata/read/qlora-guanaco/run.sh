# artidoro/qlora's Guanaco 7B launch (scripts/finetune_guanaco_7b.sh, shortened):
# 4-bit NF4 with double quantization, LoRA on every linear, and
# prepare_model_for_kbit_training before the adapters.
python qlora.py \
    --model_name_or_path huggyllama/llama-7b \
    --bf16 \
    --bits 4 \
    --double_quant \
    --quant_type nf4 \
    --lora_r 64 \
    --lora_alpha 16 \
    --per_device_train_batch_size 16 \
    --gradient_accumulation_steps 1 \
    --gradient_checkpointing \
    --source_max_len 16 \
    --target_max_len 512
