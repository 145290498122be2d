read -r -d '' training_commands <<EOT
openrlhf.cli.train_dpo --pretrain OpenRLHF/Llama-3-8b-sft-mixture
EOT
if [[ ${1} != "slurm" ]]; then
    deepspeed --module $training_commands
fi
