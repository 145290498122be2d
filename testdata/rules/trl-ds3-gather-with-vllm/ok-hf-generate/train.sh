#!/bin/bash
accelerate launch --config_file zero3.yaml trl/scripts/grpo.py --config grpo.yaml
