#!/bin/bash
# read -d '' VAR <<EOF: the body is the value (OpenRLHF examples/scripts).
set -x
N=4
read -r -d '' training_commands <<EOF
openrlhf.cli.train_sft \
   --max_len $((N * 512)) \
   --pretrain "meta-llama/Meta-Llama-3-8B" \
   --save_path $(pwd)/ckpt
EOF
    # --wandb [WANDB_TOKENS]
if [[ ${1} != "slurm" ]]; then
    deepspeed --module $training_commands
fi
# A quoted delimiter: no expansion; without -r a backslash-newline joins lines.
read -d '' q <<'EOF' || true
python3 -m openrlhf.cli.train_ppo_ray \
  --actor_num_gpus_per_node $N
EOF
ray job submit --address=http://localhost:8265 -- $q
# <<- strips leading tabs, so the indented delimiter ends the body.
	read -rd '' indented <<-END
	--zero_stage 3
	END
# Without -d a read takes the first line only, split over the names.
read first rest <<EOF
  one two   three
four
EOF
# -n and -a make the value unknowable.
read -r -n 3 short <<EOF
abcdef
EOF
# srun … bash -c "…": the string is read as script, run under srun.
srun --nodes=2 --ntasks-per-node=1 bash -c \
  "pip install . ; torchrun --nproc_per_node 8 --nnodes 2 train.py --zero_stage 3"
srun -N 1 --overlap bash -c "python3 train.py --lr 1e-5"
