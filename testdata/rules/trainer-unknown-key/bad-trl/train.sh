#!/bin/bash
# the TRL CLI, as in huggingface/trl examples/cli_configs/example_config.yaml
trl sft --config sft.yaml
