#!/bin/bash
#SBATCH -N 2
#SBATCH --gres=gpu:8
# Slurm sets SLURM_NNODES and SLURM_JOB_NUM_NODES from the header.
torchrun --nproc_per_node 8 --nnodes $SLURM_NNODES train.py
torchrun --nproc_per_node 8 --nnodes $SLURM_JOB_NUM_NODES train.py
