python -m oat.experiment.run_math_rl \
    --gpus 8 \
    --collocate \
    --vllm_gpu_ratio 0.35 \
    --gradient-checkpointing \
    --pretrain Qwen/Qwen2.5-1.5B \
    --train_batch_size 128 \
    --train_batch_size_per_device 1 \
    --generate_max_length 4096
