#!/bin/bash
# open-r1's GRPO launch (README) with a Llama-2 model: 512 + 4096 tokens fit (512 + 3584 = 4096) its 4096 positions.
accelerate launch --config_file zero3.yaml src/open_r1/grpo.py --config grpo.yaml --vllm_mode colocate
