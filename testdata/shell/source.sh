# A sourced file's variables and launches are the script's; a file run by
# bash sees the exported variables.
readonly training_script="included/commands.sh"
source ./${training_script} slurm
torchrun --nproc_per_node 8 -m ${training_commands}
script=included/run.sh
export CUDA_VISIBLE_DEVICES=0,1
bash $script 2
. included/missing.sh
source $UNKNOWN/commands.sh
cd src/r1-v
torchrun --nproc_per_node 2 src/open_r1/grpo.py --deepspeed local_scripts/zero3.json
cd ..
python train.py
cd "$(dirname "$0")"
python train.py
