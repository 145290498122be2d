#!/bin/bash
llamafactory-cli train \
    --model_name_or_path meta-llama/Meta-Llama-3-8B \
    --stage sft \
    --do_train \
    --finetuning_type lora \
    --lora_target all \
    --template llama3 \
    --output_dir saves/lora
