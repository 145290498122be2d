# R1-V's trainer generates each prompt's 8 completions on its own process:
# 1 prompt per device x 4 processes is fine there.
torchrun --nproc_per_node 4 src/open_r1/grpo.py \
    --model_name_or_path Qwen/Qwen2-VL-2B-Instruct \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 1 \
    --num_generations 8 \
    --max_pixels 401408
