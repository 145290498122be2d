#!/bin/bash
# RLOOConfig samples 2 completions per prompt by default (GRPOConfig: 8): 3 x 2 GPUs = 6 completions, three prompts of 2
trl rloo --config rloo.yaml
