#!/bin/bash
#SBATCH -N 2
# The actor takes 4 GPUs of one node; the other models take the rest of
# the two nodes Ray was started on. No cluster size is declared.
ray job submit --address=http://localhost:8265 \
    -- python3 -m openrlhf.cli.train_ppo_ray \
    --ref_num_nodes 1 --ref_num_gpus_per_node 4 \
    --critic_num_nodes 1 --critic_num_gpus_per_node 4 \
    --actor_num_nodes 1 --actor_num_gpus_per_node 4 \
    --vllm_num_engines 2 --vllm_tensor_parallel_size 2 \
    --remote_rm_url http://localhost:5000/get_reward \
    --pretrain OpenRLHF/Llama-3-8b-sft-mixture \
    --zero_stage 3 --bf16
