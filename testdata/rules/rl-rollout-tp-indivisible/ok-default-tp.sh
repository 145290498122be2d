#!/bin/bash
# verl's default tensor_model_parallel_size is 2, which divides 8.
python3 -m verl.trainer.main_ppo \
  actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct \
  trainer.n_gpus_per_node=8
