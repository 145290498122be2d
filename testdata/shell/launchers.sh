#!/bin/bash
deepspeed --include localhost:0,1,2,3 train.py --deepspeed ds.json
deepspeed --include "worker-1:0,1@worker-2:0,1" --master_port 29500 train.py
deepspeed --hostfile hostfile --num_gpus 8 train.py
deepspeed train.py --deepspeed ds.json
python -m torch.distributed.run --nproc_per_node=8 --nnodes 2 train.py --bf16
python -m torch.distributed.launch --nproc_per_node 4 --use_env train.py
python3 -u train.py --per_device_train_batch_size 2
python -m axolotl.cli.train cfg.yml
accelerate launch --config_file a.yaml train.py --lr 1e-5
accelerate launch --multi_gpu --num_processes 16 --num_machines 2 train.py
accelerate launch -m axolotl.cli.train cfg.yml
python -u -m accelerate.commands.launch --config_file sp.yml sp.py
srun -p gpu --nodes=2 --ntasks-per-node=8 --kill-on-bad-exit=1 python -u train.py --deepspeed z3.json
srun -N 4 --exclusive torchrun --nnodes 4 --nproc-per-node gpu train.py
llamafactory-cli train examples/train_lora/llama3_lora_sft.yaml
axolotl train cfg.yml
trl sft --model_name_or_path Qwen/Qwen2-0.5B --per_device_train_batch_size 8
env CUDA_VISIBLE_DEVICES=0,1 NCCL_DEBUG=INFO torchrun --standalone --nproc_per_node 2 train.py
numactl --cpunodebind=0 python train.py
torchrun --nnodes=1:4 --nproc_per_node 8 train.py
torchrun train.py
python -c "import torch; print(torch.cuda.device_count())"
python -m pip install deepspeed
accelerate config
/usr/bin/python3.10 scripts/train.py --vision_select_layer -1 --flag
ray job submit --address=http://127.0.0.1:8265 --runtime-env=env.yaml -- PYTHONUNBUFFERED=1 python3 -m verl_tool.trainer.main_ppo trainer.n_gpus_per_node=8

# uv run starts a module (-m) or a .py file after its own options; uv pip
# and a console script run by uv are not launches.
uv run --isolated --extra fsdp -m skyrl.train.entrypoints.main_base trainer.placement.policy_num_gpus_per_node=4
uv run --frozen --with deepspeed train.py --per_device_train_batch_size 2
uv pip install -e .
uv run ruff check .

# An interpreter under a folder the environment gives (a conda or venv bin
# folder) is still python; a bare $PYTHON is not known to be.
"${CONDA_BIN_PATH}python" -m recipe.dapo.main_dapo trainer.n_gpus_per_node=8
$VENV/bin/python3 train.py --per_device_train_batch_size 2
"$PYTHON" -m skyrl_train.entrypoints.main_base trainer.placement.policy_num_gpus_per_node=1

lighteval accelerate "model_name=SmallDoge/Doge-160M,dtype=bfloat16" "evaluation/base/doge_base.txt" --output-dir out
lighteval --help
