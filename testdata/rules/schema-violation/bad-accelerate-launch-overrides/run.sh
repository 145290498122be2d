accelerate launch --config_file accelerate.yaml --mixed_precision bf16 train.py \
    --model_name_or_path Qwen/Qwen2.5-0.5B \
    --per_device_train_batch_size 1 \
    --bf16 True \
    --output_dir out
