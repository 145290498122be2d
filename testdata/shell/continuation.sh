#!/bin/bash
# Continuations keep every word at its real line and column.
deepspeed --num_gpus 8 \
    train.py \
    --deepspeed ds_config.json \
    --learning_rate 2e-5 \
    --bf16 \
    --output_dir out # trailing comment

torchrun --nproc_per_node=4 train.py \
    --per_device_train_batch_size 4 \
    # --gradient_checkpointing true \
    --gradient_accumulation_steps 8

python train.py --a 1 \
  --b 2 #\
  #--report_to=wandb
