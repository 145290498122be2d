#!/bin/bash
deepspeed --num_gpus 8 train.py --deepspeed ds_zero2.json --output_dir out --per_device_train_batch_size 4
