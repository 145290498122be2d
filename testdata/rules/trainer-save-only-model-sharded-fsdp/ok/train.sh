#!/bin/bash
# TRL's SFT script under FSDP2, keeping only the model in checkpoints
accelerate launch --config_file fsdp2.yaml trl/scripts/sft.py \
  --model_name_or_path Qwen/Qwen2.5-0.5B \
  --dataset_name trl-lib/Capybara \
  --output_dir Qwen2.5-0.5B-SFT \
  --save_only_model true
