#!/bin/bash
# TRL v1.9 has no prompt cap; the completion cap alone exceeds Llama-2's 4096 positions.
trl grpo --config grpo.yaml
