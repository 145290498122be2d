python -m oat.experiment.run_math_rl --gpus 6 --collocate --num_gpus_per_actor 4 --pretrain Qwen/Qwen2.5-1.5B
