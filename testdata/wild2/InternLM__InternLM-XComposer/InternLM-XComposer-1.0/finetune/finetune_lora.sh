#!/bin/bash
export CUDA_DEVICE_MAX_CONNECTIONS=1
DIR=`pwd`

MODEL="model name or path"
VL_DATA="path of vl data"
TXT_DATA="path of text data"

GPUS_PER_NODE=8
NNODES=1
NODE_RANK=0
MASTER_ADDR=localhost
MASTER_PORT=6001

DISTRIBUTED_ARGS="
    --nproc_per_node $GPUS_PER_NODE \
    --nnodes $NNODES \
    --node_rank $NODE_RANK \
    --master_addr $MASTER_ADDR \
    --master_port $MASTER_PORT
"

torchrun $DISTRIBUTED_ARGS finetune.py \
    --model_name_or_path $MODEL \
    --vl_data_path $VL_DATA \
    --txt_data_path $TXT_DATA \
    --bf16 True \
    --fix_vit True \
    --fix_sampler True \
    --output_dir output/IXC_debug \
    --num_train_epochs 1 \
    --inner_batch_size 4 \
    --per_device_train_batch_size 1 \
    --per_device_eval_batch_size 1 \
    --gradient_accumulation_steps 8 \
    --evaluation_strategy "no" \
    --save_steps 5000 \
    --save_total_limit 10 \
    --learning_rate 5e-5 \
    --weight_decay 0.1 \
    --adam_beta2 0.95 \
    --warmup_ratio 0.01 \
    --lr_scheduler_type "cosine" \
    --logging_steps 1 \
    --report_to "none" \
    --max_length 2048 \
    --use_lora True \
    --deepspeed ds_config_zero2.json \
    --gradient_checkpointing True 

