#!/bin/bash
# TRL GRPO with vLLM in server mode: the tensor-parallel size is the server's own
accelerate launch --config_file zero3.yaml trl/scripts/grpo.py --config grpo.yaml
