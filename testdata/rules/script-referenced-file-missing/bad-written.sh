#!/bin/bash
DS_CONFIG=/tmp/ds_config.json
cat <<EOT > $DS_CONFIG
{"train_micro_batch_size_per_gpu": 4}
EOT

deepspeed --num_gpus 8 pretrain.py --deepspeed --deepspeed_config $DS_CONFIG
