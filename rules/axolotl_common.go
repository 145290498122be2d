package rules

import (
	"strings"

	"github.com/trainlint/trainlint/read"
)

// axConfs returns the job's axolotl settings: its YAML file, preceded by
// the flags of an `axolotl train config.yml --key value` launch, which
// override the file.
func axConfs(j *read.Job) []conf {
	if j == nil || j.Trainer == nil || j.Trainer.Root == nil || j.Trainer.Format != read.Axolotl {
		return nil
	}
	var out []conf
	if j.Args != nil && j.Script != nil && read.AxolotlCommand(j) {
		out = append(out, conf{j.Script, j.Args})
	}
	return append(out, conf{j.Trainer, j.Trainer.Root})
}

// axArg looks up an axolotl setting.
func axArg(j *read.Job, names ...string) setting {
	return lookup(axConfs(j), names...)
}

// axTrue reports whether an axolotl setting is an explicit true.
func axTrue(j *read.Job, name string) bool {
	return isTrue(axArg(j, name).val)
}

// axAdapter is the adapter axolotl trains ("" for a full fine-tune).
func axAdapter(j *read.Job) (string, setting) {
	s := axArg(j, "adapter")
	if !s.known() || isNullish(s) {
		return "", s
	}
	return strings.ToLower(s.val.Value), s
}

// axTorchAO reports whether quantization is left to torchao (peft.backend),
// where axolotl ignores the bitsandbytes flags' pairing rules.
func axTorchAO(j *read.Job) bool {
	s := axArg(j, "peft.backend")
	return s.known() && strings.EqualFold(s.val.Value, "torchao")
}
