#!/bin/bash
# open-r1 launch (TRL v0.18.0): LoRA without ZeRO-3 disables the adapters for the reference, so there is nothing to sync
accelerate launch --config_file zero2.yaml src/open_r1/grpo.py --config grpo.yaml
