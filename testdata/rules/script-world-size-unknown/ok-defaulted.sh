#!/bin/bash
GPUS=${GPUS:-8}
torchrun --nproc_per_node $GPUS train.py --output_dir out --per_device_train_batch_size 4
