#!/bin/bash
# the repository's own copy of TRL's script (as youpengl/OpenVul's dpo.sh runs it): its release is not known
accelerate launch --num_processes 4 trl/scripts/dpo.py --model_name_or_path Qwen/Qwen2-0.5B-Instruct \
    --dataset_name trl-lib/ultrafeedback_binarized --output_dir out --use_liger_kernel --precompute_ref_log_probs true
