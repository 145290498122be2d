#!/bin/bash
ARGS="--vocab-file gpt2-vocab.json --deepspeed_config ds_zero2.json"
deepspeed --num_gpus 8 pretrain_gpt.py --deepspeed $ARGS
