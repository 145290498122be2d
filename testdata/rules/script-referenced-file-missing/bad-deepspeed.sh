#!/bin/bash
DS_CONFIG=configs/ds_zero3.json

deepspeed --num_gpus 8 train.py \
    --deepspeed $DS_CONFIG \
    --output_dir out \
    --per_device_train_batch_size 4
