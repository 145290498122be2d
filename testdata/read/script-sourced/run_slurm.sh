# The training command is built by the script this one sources, as in
# OpenRLHF's examples/scripts/train_llama_slurm.sh.
readonly training_script="train_dpo.sh"
readonly GPUS_PER_NODE=8
source ./${training_script} slurm
torchrun --nproc_per_node $GPUS_PER_NODE -m ${training_commands}
