package shell

import (
	"strings"
	"testing"
)

func TestWorldSize(t *testing.T) {
	tests := []struct {
		name, src string
		n         int // 0: unknown
		how       string
	}{
		{"python", "python train.py", 1, "one process"},
		{"python under ray job submit", "ray job submit --address=http://127.0.0.1:8265 -- python3 train.py --actor-num-gpus-per-node 4", 0, "places its own GPU workers"},
		{"deepspeed gpus", "deepspeed --num_gpus 8 t.py", 8, "--num_gpus 8 on one node"},
		{"deepspeed gpus and nodes", "deepspeed --num_gpus=8 --num_nodes=2 t.py", 16, "--num_gpus 8 × --num_nodes 2"},
		{"deepspeed include", "deepspeed --include localhost:0,1,2 t.py", 3, "3 GPUs"},
		{"deepspeed include hosts", "deepspeed --include h1:0,1@h2:0,1,2,3 t.py", 6, "6 GPUs"},
		{"deepspeed include host without slots", "deepspeed --include h1 t.py", 0, "every GPU of host"},
		{"deepspeed include with gpus", "deepspeed --include localhost:0 --num_gpus 1 t.py", 0, "rejects"},
		{"deepspeed hostfile", "deepspeed --hostfile hf --num_gpus 8 t.py", 0, "hostfile"},
		{"deepspeed nothing", "deepspeed t.py", 0, "every GPU"},
		{"deepspeed visible devices", "CUDA_VISIBLE_DEVICES=0,1 deepspeed t.py", 2, "--include localhost:0,1"},
		{"deepspeed exported visible devices", "export CUDA_VISIBLE_DEVICES=0,1,2\ndeepspeed t.py", 3, "lists 3 GPUs"},
		{"deepspeed prefix wins over export", "export CUDA_VISIBLE_DEVICES=0,1,2\nCUDA_VISIBLE_DEVICES=3 deepspeed t.py", 1, "lists 1 GPU "},
		{"deepspeed options win over visible devices", "CUDA_VISIBLE_DEVICES=0,1 deepspeed --num_gpus 4 t.py", 4, "--num_gpus 4"},
		{"deepspeed unknown visible devices", "CUDA_VISIBLE_DEVICES=$1 deepspeed t.py", 0, "$1"},
		{"deepspeed unknown gpus", "deepspeed --num_gpus $N t.py", 0, "$N"},
		{"deepspeed opaque options", "deepspeed $WORKERS t.py", 0, "$WORKERS"},
		{"torchrun", "torchrun --nproc_per_node 8 --nnodes 2 t.py", 16, "--nproc_per_node 8 × --nnodes 2"},
		{"torchrun dashes", "torchrun --nproc-per-node=4 t.py", 4, "1 node"},
		{"torchrun default", "torchrun t.py", 1, "default"},
		{"torchrun opaque options", "torchrun $DIST t.py", 0, "$DIST"},
		{"torchrun auto", "torchrun --nproc_per_node auto t.py", 0, "per device"},
		{"torchrun gpu", "torchrun --nproc_per_node=gpu t.py", 0, "per device"},
		{"torchrun elastic", "torchrun --nnodes 1:4 --nproc_per_node 8 t.py", 0, "elastic"},
		{"torchrun fixed range", "torchrun --nnodes 2:2 --nproc_per_node 8 t.py", 16, "--nnodes 2:2"},
		{"torchrun arithmetic", "G=8; N=2; torchrun --nproc_per_node $G --nnodes $N t.py", 16, ""},
		{"torch.distributed.launch", "python -m torch.distributed.launch --nproc_per_node 4 t.py", 4, ""},
		{"swift alone", "swift sft --model m", 1, "runs one process"},
		{"swift nproc", "NPROC_PER_NODE=4 swift sft --model m", 4, "NPROC_PER_NODE=4"},
		{"swift exported nproc and nnodes", "export NPROC_PER_NODE=8\nexport NNODES=2\nswift rlhf --rlhf_type dpo", 16, "NPROC_PER_NODE=8 × NNODES=2"},
		{"swift nnodes only", "NNODES=2 swift pt --model m", 2, "NNODES=2"},
		{"swift unknown nproc", "NPROC_PER_NODE=$BT_NUM_GPUS megatron sft --model m", 0, "$BT_NUM_GPUS"},
		{"swift nproc from a capped GPU count", "n=$(nvidia-smi -L | wc -l)\nif [ \"$n\" -gt 10 ]; then\n  n=10\nfi\nNPROC_PER_NODE=$((n - 1)) swift rlhf --rlhf_type grpo", 0, "depends on $n"},
		{"swift nproc defaulted in an if", "if [ -z \"$N\" ]; then\n  N=4\nfi\nNPROC_PER_NODE=$N swift sft --model m", 4, "NPROC_PER_NODE=4"},
		{"swift export is one process", "NPROC_PER_NODE=8 swift export --model m", 1, "swift export runs one process"},
		{"accelerate total", "accelerate launch --num_processes 16 --num_machines 2 t.py", 16, "all machines"},
		{"accelerate config", "accelerate launch --config_file a.yaml t.py", 0, "a.yaml"},
		{"srun ntasks", "srun --ntasks=32 python t.py", 32, "--ntasks 32"},
		{"srun nodes", "srun -N 2 --ntasks-per-node 8 python t.py", 16, "× --ntasks-per-node 8"},
		{"srun allocation", "srun python t.py", 0, "allocation"},
		{"srun runs torchrun", "srun -n 2 torchrun --nnodes 2 --nproc_per_node 4 t.py", 8, "--nproc_per_node 4 × --nnodes 2"},
		{"llamafactory", "llamafactory-cli train x.yaml", 0, "run time"},
		{"overflow", "deepspeed --num_gpus 99999999 --num_nodes 99999999 t.py", 0, "overflows"},
		{"zero", "deepspeed --num_gpus 0 t.py", 0, "not a count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, how, ok := only(t, tt.src).WorldSize()
			if ok != (tt.n > 0) || n != tt.n {
				t.Errorf("WorldSize = %d, %v (%s); want %d", n, ok, how, tt.n)
			}
			if !strings.Contains(how, tt.how) {
				t.Errorf("how = %q, want it to mention %q", how, tt.how)
			}
		})
	}
}
