package rules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryQuantizationZeRO3 reports LLaMA-Factory quantization that
// cannot run with parameters sharded by DeepSpeed ZeRO-3 or FSDP.
var LlamaFactoryQuantizationZeRO3 = &lint.Rule{
	ID:       "llamafactory-quantization-zero3",
	Severity: lint.Error,
	Summary:  "a LLaMA-Factory quantization that DeepSpeed ZeRO-3 or FSDP cannot shard",
	Doc: lint.Doc{
		What: "With DeepSpeed ZeRO-3 or FSDP, reports what LLaMA-Factory refuses to shard: bitsandbytes quantization other than 4-bit (`quantization_bit: 8`), " +
			"`quantization_method: hqq` or `eetq`, and a model that is already quantized (a GPTQ, AWQ, AQLM or bitsandbytes checkpoint, recognized by its name).",
		Why: "Only bitsandbytes 4-bit weights can be stored in the compute dtype and sharded like ordinary parameters (the FSDP+QLoRA recipe). " +
			"LLaMA-Factory checks this when it loads the model and stops with `Only 4-bit quantized model can use fsdp+qlora or auto device map.`, " +
			"`HQQ quantization is incompatible with DeepSpeed ZeRO-3 or FSDP.`, `EETQ quantization is incompatible with DeepSpeed ZeRO-3 or FSDP.` or " +
			"`DeepSpeed ZeRO-3 or FSDP is incompatible with PTQ-quantized models.`",
		Example:    "quantization_bit: 8\ndeepspeed: examples/deepspeed/ds_z3_config.json",
		UseInstead: "quantization_bit: 4\ndeepspeed: examples/deepspeed/ds_z3_config.json   # or ZeRO-2 with 8-bit",
		FixSafety:  "Unsafe: 4-bit weights are coarser than 8-bit ones, which changes the model being adapted. The fix offered sets `quantization_bit` to 4; it is offered for bitsandbytes 8-bit only.",
		References: []string{
			"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/model/model_utils/quantization.py (configure_quantization)",
			"https://huggingface.co/docs/peft/accelerate/fsdp#use-peft-qlora-and-fsdp-for-finetuning-large-models-on-multiple-gpus",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-8B\nstage: sft\ndo_train: true\nfinetuning_type: lora\nquantization_bit: 8\ndeepspeed: z3.json\ntemplate: llama3\ncutoff_len: 2048\n",
		"z3.json":    `{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}`,
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		sharded, ok := shardedWeights(p)
		if !ok {
			return
		}
		if m := lfArg(p.Job, "model_name_or_path"); m.known() && prequantized().MatchString(m.val.Value) {
			p.Report(finding(m.conf.file, m.at(), "%q is %s, a checkpoint that is already quantized, but the job shards parameters with %s; LLaMA-Factory stops with \"DeepSpeed ZeRO-3 or FSDP is incompatible with PTQ-quantized models.\"", m.name, quote(m.val), sharded))
			return
		}
		bits, q, ok := lfQuantBits(p.Job)
		if !ok {
			return
		}
		method := "bnb"
		if s := lfArg(p.Job, "quantization_method"); s.known() {
			method = strings.ToLower(s.val.Value)
		}
		switch method {
		case "bnb", "bitsandbytes":
			if bits == 4 || (bits != 8 && bits != 4) {
				return
			}
			f := finding(q.conf.file, q.at(), "%q is %d with bitsandbytes but the job shards parameters with %s, which needs 4-bit; LLaMA-Factory stops with \"Only 4-bit quantized model can use fsdp+qlora or auto device map.\"", q.name, bits, sharded)
			if ch, ok := q.conf.change(lint.Set, 4, q.name); ok {
				f.Fixes = append(f.Fixes, lint.Fix{Title: "Set `quantization_bit` to 4", Safety: lint.Unsafe, Changes: []lint.Change{ch}})
			}
			p.Report(f)
		case "hqq", "eetq":
			name := strings.ToUpper(method)
			p.Report(finding(q.conf.file, q.at(), "%q is %d with \"quantization_method\" %q but the job shards parameters with %s; LLaMA-Factory stops with \"%s quantization is incompatible with DeepSpeed ZeRO-3 or FSDP.\"", q.name, bits, method, sharded, name))
		}
	},
}

// prequantized matches the names of checkpoints published already
// quantized (TheBloke/Llama-2-7B-GPTQ, Qwen/Qwen2-7B-Instruct-AWQ,
// unsloth/llama-3-8b-bnb-4bit).
var prequantized = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[-_./])(gptq|awq|aqlm|bnb-[48]bit)($|[-_./])`)
})
