package rules

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// LlamaFactoryQuantizedDeviceMapTraining reports LLaMA-Factory training
// with `quantization_device_map: auto`, which LLaMA-Factory refuses.
var LlamaFactoryQuantizedDeviceMapTraining = &lint.Rule{
	ID:       "llamafactory-quantized-device-map-training",
	Severity: lint.Error,
	Summary:  "a LLaMA-Factory training run spreads a quantized model over GPUs with a device map",
	Doc: lint.Doc{
		What: "Reports `quantization_device_map: auto` in a LLaMA-Factory config that trains (`do_train: true`).",
		Why: "A device map splits one copy of the model across the GPUs (naive pipeline), which the Trainer's data-parallel training cannot drive. " +
			"LLaMA-Factory allows it for inference only and stops a training run with `Cannot use device map for quantized models in training.` " +
			"To fit a large quantized model for training, shard it with FSDP+QLoRA or DeepSpeed ZeRO-3 instead.",
		Example:    "do_train: true\nquantization_bit: 4\nquantization_device_map: auto",
		UseInstead: "do_train: true\nquantization_bit: 4\ndeepspeed: examples/deepspeed/ds_z3_config.json",
		FixSafety:  "Safe as far as the math goes: without the device map each process loads the quantized model on its own GPU. It needs more memory per GPU than the split would have.",
		References: []string{"hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/parser.py (get_train_args)", "hiyouga/LLaMA-Factory v0.9.5 src/llamafactory/hparams/model_args.py (quantization_device_map)"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.yaml": "model_name_or_path: meta-llama/Meta-Llama-3-70B\nstage: sft\ndo_train: true\nfinetuning_type: lora\nquantization_bit: 4\nquantization_device_map: auto\ntemplate: llama3\ncutoff_len: 2048\nbf16: true\n",
	}},
	Fixable: true,
	Check: func(p *lint.Pass) {
		s := lfArg(p.Job, "quantization_device_map")
		if !s.known() || !strings.EqualFold(s.val.Value, "auto") || !lfTraining(p.Job) {
			return
		}
		f := finding(s.conf.file, s.at(), "%q is %s in a training run; LLaMA-Factory stops with \"Cannot use device map for quantized models in training.\"", s.name, quote(s.val))
		if ch, ok := s.conf.change(lint.Delete, nil, s.name); ok {
			f.Fixes = append(f.Fixes, lint.Fix{Title: "Remove `quantization_device_map`", Safety: lint.Safe, Changes: []lint.Change{ch}})
		}
		p.Report(f)
	},
}
