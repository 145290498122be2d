#!/bin/bash
torchrun --nproc_per_node $GPUS_PER_NODE train.py --output_dir out --per_device_train_batch_size 4
