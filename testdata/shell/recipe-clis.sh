#!/bin/bash
# torchtune: torchrun options before the recipe, then --config and key=value overrides
tune run --nproc_per_node 8 --nnodes 1 lora_finetune_distributed --config shell_test_lora.yaml batch_size=4
# without torchrun options: one process
tune run lora_finetune_single_device --config llama3_1/8B_lora_single_device
litgpt finetune_lora checkpoints/meta-llama/Llama-3.1-8B --config shell_test_litgpt.yaml --devices 4
NPROC_PER_NODE=8 xtuner train internlm2_chat_7b_qlora_oasst1_e3 --deepspeed deepspeed_zero2
# not training: these start nothing trainlint reads
tune download meta-llama/Llama-3.1-8B
litgpt chat checkpoints/meta-llama/Llama-3.1-8B
xtuner chat internlm/internlm2-chat-7b
