#!/usr/bin/env bash
# A script that runs itself for each stage (MobileVLM's run.sh): the inner
# calls take branches this file already holds, so each launch is read once.
TASK=$1
case ${TASK} in
    "all")
        bash self_call.sh pretrain
        bash self_call.sh finetune
    ;;
    "pretrain")
        deepspeed train.py --model_name_or_path lmsys/vicuna-7b-v1.5 --stage pretrain
    ;;
    "finetune")
        deepspeed train.py --model_name_or_path lmsys/vicuna-7b-v1.5 --stage finetune
    ;;
esac
