# ms-swift GRPO (as in modelscope/ms-swift examples/train/grpo): its
# evaluation generates, scores and keeps the loss alone, and the eval batch
# is ms-swift's default of 1.
NPROC_PER_NODE=8 \
swift rlhf \
    --rlhf_type grpo \
    --model Qwen/Qwen2.5-7B-Instruct \
    --tuner_type full \
    --torch_dtype bfloat16 \
    --max_length 4096 \
    --max_completion_length 2048 \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 4 \
    --eval_strategy steps \
    --num_generations 8 \
    --deepspeed zero3
