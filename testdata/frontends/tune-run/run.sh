#!/bin/bash
# LoRA on 8 GPUs with the copied config and overrides on the command line.
tune run --nproc_per_node 8 lora_finetune_distributed --config 8B_lora.yaml \
    batch_size=4 tokenizer.max_seq_len=4096 gradient_accumulation_steps=2
# One of torchtune's built-in configs: it ships inside the torchtune package.
tune run lora_finetune_single_device --config llama3_1/8B_lora_single_device
