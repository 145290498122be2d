#!/bin/bash
# The DeepSpeed config this launch names is not in the checkout: the job is
# estimated unsharded, so the out-of-memory verdict is a warning.
deepspeed --num_gpus 1 train.py \
    --model_name_or_path meta-llama/Llama-3.2-1B \
    --deepspeed configs/zero3_not_committed.json \
    --bf16 true \
    --per_device_train_batch_size 16 \
    --max_seq_length 4096 \
    --output_dir out
