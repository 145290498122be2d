#!/bin/bash
# the installed TRL's CLI (v0.29.0 and later raise on Liger with precomputed reference log-probabilities)
trl dpo --model_name_or_path Qwen/Qwen2-0.5B-Instruct --dataset_name trl-lib/ultrafeedback_binarized \
    --output_dir out --use_liger_kernel --precompute_ref_log_probs true
