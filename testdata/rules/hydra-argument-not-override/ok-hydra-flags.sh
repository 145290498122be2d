MODEL="YOUR MODEL PATH"
python3 -m verl.trainer.main_ppo --config-name ppo_trainer -cp conf \
    +trainer.val_only=False ~reward_model \
    actor_rollout_ref.model.path=$MODEL $EXTRA_ARGS \
    trainer.n_gpus_per_node=8 trainer.nnodes=1
