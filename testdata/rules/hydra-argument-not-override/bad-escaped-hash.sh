python3 -m verl.trainer.main_ppo \
    algorithm.adv_estimator=grpo \
    data.train_files= \ # TODO: set the path
    trainer.n_gpus_per_node=4 \
    actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct
