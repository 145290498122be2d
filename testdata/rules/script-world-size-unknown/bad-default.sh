#!/bin/bash
deepspeed train.py --output_dir out --per_device_train_batch_size 4
