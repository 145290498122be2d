python3 -m verl.trainer.main_ppo \
    trainer.nnodes 2 \
    actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct
