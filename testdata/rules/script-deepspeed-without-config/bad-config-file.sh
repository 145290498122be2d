#!/bin/bash
deepspeed --num_gpus 4 src/train.py lf_no_ds.yaml
