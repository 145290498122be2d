#!/bin/bash
# xtuner's README form: a built-in config name, then a copied Python config.
NPROC_PER_NODE=8 xtuner train internlm2_chat_7b_qlora_oasst1_e3 --deepspeed deepspeed_zero2
xtuner train ./internlm2_chat_7b_qlora_oasst1_e3_copy.py
# An mmengine-style training script handed a Python config.
python tools/train.py configs/llava_v15_7b_finetune.py --launcher pytorch
