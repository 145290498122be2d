# open-instruct's QLoRA launch (allenai/open-instruct
# scripts/finetune_qlora_with_accelerate.sh): use_qlora loads the base in
# NF4 and trains with bitsandbytes' paged AdamW; batches are padded to
# their longest sample.
accelerate launch \
    --num_machines 1 \
    --num_processes 8 \
    open_instruct/finetune.py \
    --model_name_or_path meta-llama/Llama-2-70b-hf \
    --gradient_checkpointing \
    --use_qlora \
    --use_lora \
    --lora_rank 64 \
    --lora_alpha 16 \
    --max_seq_length 4096 \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 16
