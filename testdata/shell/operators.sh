#!/bin/bash
mkdir -p logs; cd /tmp && deepspeed train.py --zero_stage 2 > logs/train.log 2>&1
pip install -r requirements.txt || exit 1
nohup torchrun --nproc_per_node 2 train.py --lr 1e-5 | tee logs/out.log &
deepspeed main.py --deepspeed &> logs/all.log
cat <<EOT > ds.json
{ "train_batch_size": 8, "note": "it's deepspeed train.py here" }
deepspeed fake.py
EOT
cat <<-'END'
	python not_a_launch.py
	END
CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node 2 train.py
time python3 -u train.py --seed 1 2>err.log 1>out.log
