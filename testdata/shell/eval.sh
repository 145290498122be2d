#!/bin/bash
GPUS_PER_NODE=2
DS_CONFIG_JSON="./zf_config.json"
CMD="deepspeed --num_gpus=$GPUS_PER_NODE finetune_llama.py \
    --deepspeed_config=$DS_CONFIG_JSON \
    --lr 2e-5"
eval $CMD
run_cmd="(cd work && deepspeed --master_port 29600 --num_gpus ${GPUS_PER_NODE} pretrain.py ${gpt_options})"
eval ${run_cmd}
bash -c "torchrun --nproc_per_node 4 inner.py --x 1"
