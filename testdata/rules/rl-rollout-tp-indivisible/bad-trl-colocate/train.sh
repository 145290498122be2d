#!/bin/bash
# TRL GRPO with vLLM colocated on 6 processes in tensor-parallel groups of 4
accelerate launch --config_file zero3.yaml trl/scripts/grpo.py --config grpo.yaml
