#!/bin/bash
# TRL's CLI reads the YAML through TrlParser: argparse's string_to_bool turns "no" into false and stops on "sometimes"
accelerate launch --num_processes 8 -m trl.scripts.sft --config sft.yaml
