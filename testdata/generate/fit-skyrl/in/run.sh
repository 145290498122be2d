uv run --isolated --extra fsdp -m skyrl.train.entrypoints.main_base \
  trainer.policy.model.path="Qwen/Qwen2.5-1.5B-Instruct" \
  trainer.placement.colocate_all=true \
  trainer.placement.policy_num_gpus_per_node=4 \
  generator.inference_engine.num_engines=4 \
  trainer.gradient_checkpointing=false \
  trainer.micro_train_batch_size_per_gpu=16 \
  trainer.max_prompt_length=2048 \
  generator.sampling_params.max_generate_length=4096
