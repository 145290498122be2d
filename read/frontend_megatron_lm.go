package read

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// megatronArgs cites the argument parser whose flags a Megatron-LM or
// Megatron-DeepSpeed program (pretrain_gpt.py, finetune_llama.py, …)
// takes: microsoft/Megatron-DeepSpeed@f4157be megatron/arguments.py,
// _add_distributed_args (--tensor-model-parallel-size,
// --pipeline-model-parallel-size), _add_network_size_args (--num-layers,
// --hidden-size, --num-attention-heads), _add_training_args
// (--micro-batch-size) and _add_data_args (--seq-length), the flags of
// NVIDIA's Megatron-LM it forks.
const megatronArgs = "Megatron-DeepSpeed's megatron/arguments.py at microsoft/Megatron-DeepSpeed@f4157be"

// megatronLM declines the memory of a Megatron-LM or Megatron-DeepSpeed
// launch by name. Its model is built from the launch's own --num-layers,
// --hidden-size and --num-attention-heads and loaded from a Megatron
// checkpoint, and tensor and pipeline parallelism split it over the GPUs;
// the estimate models neither.
var megatronLM = frontend{
	name:  "Megatron-LM, Megatron-DeepSpeed (declined)",
	reads: "launches of a program taking Megatron's arguments (--tensor-model-parallel-size or --pipeline-model-parallel-size beside --num-layers, --hidden-size, --micro-batch-size, --seq-length): named as not read, with the reason",
	owns:  ownsMegatronLM,
	apply: applyMegatronLM,
}

// megatronShape are the network-size, batch and data flags every
// Megatron training program defines.
var megatronShape = []string{"num_layers", "hidden_size", "num_attention_heads", "micro_batch_size", "seq_length"}

// ownsMegatronLM: a launch (not ms-swift's `megatron`, which has its own
// frontend) passing a model-parallel size and at least two of Megatron's
// network-size, batch and data flags.
func ownsMegatronLM(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || j.Command.Launcher == shell.Megatron {
		return false
	}
	if n, _ := s.node("tensor_model_parallel_size", "pipeline_model_parallel_size"); n == nil && s.unknownValue("tensor_model_parallel_size") == nil && s.unknownValue("pipeline_model_parallel_size") == nil {
		return false
	}
	found := 0
	for _, k := range megatronShape {
		if n, _ := s.node(k); n != nil || s.unknownValue(k) != nil {
			found++
		}
	}
	return found >= 2
}

// applyMegatronLM records that the launch is Megatron's and is not read.
func applyMegatronLM(p *plan.Plan, s settings) {
	_, at := s.node("tensor_model_parallel_size", "pipeline_model_parallel_size")
	if !at.Positioned() && s.command != nil {
		at = plan.At(s.file.Path, s.command.Pos.Line, s.command.Pos.Column, "")
	}
	say := func(key string) string {
		if v, _ := s.str(key); v.Set {
			return v.V
		}
		if n := s.unknownValue(key); n != nil {
			return n.Value
		}
		return "not given"
	}
	p.Gap(plan.MemoryGap{Kind: "Megatron not modelled", What: "Megatron-LM launch: not read",
		Detail: fmt.Sprintf("the program takes the arguments of %s: a model built from --num-layers %s, --hidden-size %s and --num-attention-heads %s, "+
			"split by tensor parallelism %s and pipeline parallelism %s, with --micro-batch-size %s and --seq-length %s; Megatron's models, "+
			"checkpoints and model parallelism are not modelled",
			megatronArgs, say("num_layers"), say("hidden_size"), say("num_attention_heads"), say("tensor_model_parallel_size"),
			say("pipeline_model_parallel_size"), say("micro_batch_size"), say("seq_length")),
		At: at})
}
