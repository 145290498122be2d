# accelerate launch names the DeepSpeed config with its own flag, as
# allenai/open-instruct's scripts/finetune_with_accelerate.sh does: the
# job shards its states with ZeRO-3 from configs/ds_zero3.json.
accelerate launch \
    --mixed_precision bf16 \
    --num_machines 1 \
    --num_processes 4 \
    --use_deepspeed \
    --deepspeed_config_file configs/ds_zero3.json \
    train.py \
    --model_name_or_path meta-llama/Llama-2-7b-hf \
    --max_seq_length 4096 \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 32
