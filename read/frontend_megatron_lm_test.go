package read

import (
	"strings"
	"testing"
)

// TestMegatronLM: a launch of a program taking Megatron's arguments is
// declined by name, at its model-parallel flag, with the sizes it reads and
// no "no model named" beside it; a Trainer launch that also passes
// --tensor_model_parallel_size without Megatron's network flags is not.
func TestMegatronLM(t *testing.T) {
	const launch = "deepspeed --num_gpus 8 pretrain_gpt.py "
	p := rlPlanOf(t, "pretrain.sh", launch+"--tensor-model-parallel-size 2 --pipeline-model-parallel-size 2 --num-layers 32 --hidden-size 4096 "+
		"--num-attention-heads 32 --micro-batch-size 4 --seq-length 2048 --deepspeed\n")
	if len(p.MemoryGaps) != 1 || p.MemoryGaps[0].Kind != "Megatron not modelled" {
		t.Fatalf("gaps %+v, want one Megatron gap", p.MemoryGaps)
	}
	g := p.MemoryGaps[0]
	if g.At.Line != 1 || g.At.Column != len(launch)+1 {
		t.Errorf("gap cited at %+v, want the --tensor-model-parallel-size flag", g.At)
	}
	for _, want := range []string{"--num-layers 32", "--hidden-size 4096", "tensor parallelism 2", "--seq-length 2048", "Megatron-DeepSpeed@f4157be"} {
		if !strings.Contains(g.Detail, want) {
			t.Errorf("detail %q lacks %q", g.Detail, want)
		}
	}
	p = rlPlanOf(t, "train.sh", "torchrun --nproc_per_node 8 train.py --model_name_or_path Qwen/Qwen2.5-7B --tensor_model_parallel_size 2 --bf16\n")
	for _, g := range p.MemoryGaps {
		if g.Kind == "Megatron not modelled" {
			t.Errorf("a Trainer launch read as Megatron's: %+v", g)
		}
	}
}
