#!/bin/bash
OUTPUT=$1
ZERO_STAGE=$2
if [ "$OUTPUT" == "" ]; then
    OUTPUT=./output
fi
if [ "$ZERO_STAGE" == "" ]; then
    ZERO_STAGE=3
fi
activation_checkpoint="false"
ds_args="--deepspeed"
if [ "${activation_checkpoint}" = "true" ]; then
  ds_args="--deepspeed-activation-checkpointing ${ds_args}"
  deepspeed never.py
elif [[ $ZERO_STAGE -eq 3 ]]; then
  ds_args="--zero3 ${ds_args}"
else
  ds_args="--other ${ds_args}"
fi
LOG_TO_WANDB=0
if [ $LOG_TO_WANDB -eq 1 ]
then
  WANDB_ARGS="--wandb-project x"
fi
for lr in 1e-5 2e-5; do
  deepspeed train.py --lr $lr --zero_stage $ZERO_STAGE $ds_args $WANDB_ARGS --output_dir $OUTPUT
done
train() {
  local steps=100
  torchrun --nproc_per_node 2 train.py --max_steps $steps
}
function helper {
  echo "no launch"
}
case "$MODE" in
  full) python full.py ;;
  lora|qlora) python lora.py --r 8 ;;
  *) echo unknown ;;
esac
GPUS=$(deepspeed --num_gpus 8 hidden.py)
( cd sub && torchrun --nproc_per_node 1 sub.py )
while getopts "g:" opt; do
  case "$opt" in
    g ) gpus="$OPTARG" ;;
  esac
done
deepspeed --num_gpus $gpus last.py
USE_DEEPSPEED=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-deepspeed) USE_DEEPSPEED=0; shift ;;
    *) shift ;;
  esac
done
SIZE=13b
case "$SIZE" in
  7b|8b) LR=2e-5; python small.py ;;
  1[0-9]b) LR=1e-5 ;;
  *) LR=1e-6 ;;
esac
if [[ ${USE_DEEPSPEED} -eq 1 ]]; then
  deepspeed --num_gpus 4 big.py --lr $LR
fi
