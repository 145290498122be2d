#!/bin/bash
# QLoRA with the copied config_hub file, overriding the micro batch and the devices.
litgpt finetune_lora meta-llama/Meta-Llama-3-8B --config qlora.yaml --train.micro_batch_size 1 --devices 8
# A full fine-tune from flags alone (no config file).
litgpt finetune_full checkpoints/meta-llama/Llama-3.1-8B --devices 8 --train.max_seq_length 2048 --precision bf16-true
