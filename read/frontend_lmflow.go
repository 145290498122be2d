package read

import (
	"regexp"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/plan"
)

// lmflowIterativeDPO is OptimalScale's LMFlow iterative DPO pipeline
// (`python examples/iterative_dpo_train.py configs/iterative_dpo.yaml`):
// one HfArgumentParser YAML of ModelArguments, its reference_ and reward_
// copies, DatasetArguments and IterativeDPOAlignerArguments
// (OptimalScale/LMFlow at f3597db, src/lmflow/args.py: do_response_generation,
// do_scoring, do_dpo_align). For each dataset it generates responses with
// vLLM, scores them with the reward model and trains DPO, one after another
// (src/lmflow/pipeline/iterative_dpo_aligner.py, _align_single_iteration).
var lmflowIterativeDPO = declinedConfig{
	format: LMFlowIterativeDPO,
	name:   "LMFlow iterative DPO",
	why:    "its stages (vLLM generation, reward-model scoring, DPO training against a reference model), run one after another each iteration, are not mapped",
	recognize: func(_ *yaml.Node, keys map[string]bool) bool {
		return keys["model_name_or_path"] && countKeys(keys, "do_response_generation", "do_scoring", "do_dpo_align") >= 2 &&
			countKeys(keys, "reward_model_name_or_path", "reference_model_name_or_path", "dataset_path_list") >= 1
	},
	models: [][]string{{"model_name_or_path"}},
}

// lmflowFinetuneScript is the LMFlow fine-tune entry point the reader
// recognizes, with its ModelArguments and DatasetArguments
// (src/lmflow/args.py) at OptimalScale/LMFlow@f3597db.
const lmflowFinetuneScript = "LMFlow examples/finetune.py at OptimalScale/LMFlow@f3597db"

// lmflowFinetuneProgram matches LMFlow's fine-tune entry point.
var lmflowFinetuneProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)examples/finetune\.py$`) })

// lmflowKeys are DatasetArguments and ModelArguments fields only LMFlow
// defines; a launch of examples/finetune.py with one is LMFlow's.
var lmflowKeys = []string{"dataset_path", "conversation_template", "block_size", "disable_group_texts", "use_qlora", "save_aggregated_lora"}

var lmflowFinetune = frontend{name: "LMFlow finetune.py", reads: "launches of LMFlow's examples/finetune.py (block_size, use_lora, use_qlora)", owns: ownsLMFlowFinetune, apply: applyLMFlowFinetune}

// ownsLMFlowFinetune: the launch runs examples/finetune.py with LMFlow's
// own arguments.
func ownsLMFlowFinetune(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !lmflowFinetuneProgram().MatchString(j.Command.Program.Text) {
		return false
	}
	for _, k := range lmflowKeys {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyLMFlowFinetune reads LMFlow's length and adapter arguments:
// block_size cuts every tokenized sample (DatasetArguments.block_size);
// use_lora trains LoRA of lora_r 8 and lora_alpha 32; use_qlora turns
// use_lora on (ModelArguments.__post_init__) and loads the base in 4 bits
// (quant_bit 4, quant_type nf4; HFModelMixin._prepare_quant_config builds
// the BitsAndBytesConfig).
func applyLMFlowFinetune(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(lmflowFinetuneScript + " " + what) }
	if b, _ := s.integer("block_size"); b.Set && b.V > 0 {
		p.SeqLen = b
	}
	lora, _ := s.boolean("use_lora")
	q, _ := s.boolean("use_qlora")
	if !lora.V && !q.V {
		return
	}
	p.PEFT.Method = plan.Of("lora", lora.From)
	if q.V {
		bits, _ := s.integer("quant_bit")
		if bits.Set && bits.V == 8 {
			p.PEFT.Method = plan.Of("lora", q.From)
			p.Quant = plan.Of(plan.Int8, bits.From)
		} else {
			p.PEFT.Method = plan.Of("qlora", q.From)
			p.Quant = plan.Of(plan.NF4, q.From)
		}
	}
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(8, def("lora_r"))
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(32, def("lora_alpha"))
	}
}
