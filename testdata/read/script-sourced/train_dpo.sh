read -r -d '' training_commands <<EOF
openrlhf.cli.train_dpo \
   --pretrain OpenRLHF/Llama-3-8b-sft-mixture \
   --micro_train_batch_size 1 \
   --max_len 2048 \
   --zero_stage 3 \
   --bf16 \
   --gradient_checkpointing
EOF
if [[ ${1} != "slurm" ]]; then
    deepspeed --module $training_commands
fi
