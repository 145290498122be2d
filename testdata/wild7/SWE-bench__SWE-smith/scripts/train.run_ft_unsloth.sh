#!/bin/bash

N_GPUS=1 modal run --detach swesmith/train/run/ft_unsloth.py