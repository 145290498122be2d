package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// lfConfs returns the job's LLaMA-Factory settings: a LLaMA-Factory YAML
// file, and the flags of a launch that runs LLaMA-Factory
// (`llamafactory-cli train --stage sft ...`, or `src/train.py` of older
// releases). The flags come first: they are the ones read last.
func lfConfs(j *read.Job) []conf {
	if j == nil {
		return nil
	}
	var out []conf
	if j.Args != nil && j.Script != nil && read.LlamaFactoryCommand(j) {
		out = append(out, conf{j.Script, j.Args})
	}
	if j.Trainer != nil && j.Trainer.Root != nil && j.Trainer.Format == read.LlamaFactory {
		out = append(out, conf{j.Trainer, j.Trainer.Root})
	}
	return out
}

// lfArg looks up a LLaMA-Factory argument.
func lfArg(j *read.Job, names ...string) setting {
	return lookup(lfConfs(j), names...)
}

// lfFinetuningType is the fine-tuning method and how a message names it:
// LLaMA-Factory's default is lora.
func lfFinetuningType(j *read.Job) (method, shown string, s setting) {
	s = lfArg(j, "finetuning_type")
	if !s.found() {
		return "lora", `"finetuning_type" is not set (default "lora")`, s
	}
	return strings.ToLower(s.val.Value), `"finetuning_type" is ` + quote(s.val), s
}

// lfTraining reports whether the LLaMA-Factory job trains (`do_train`).
func lfTraining(j *read.Job) bool {
	return isTrue(lfArg(j, "do_train").val)
}

// lfQuantBits reads `quantization_bit`; ok is false when it is absent, null
// or not a number.
func lfQuantBits(j *read.Job) (bits int64, s setting, ok bool) {
	s = lfArg(j, "quantization_bit")
	if !s.known() {
		return 0, s, false
	}
	bits, ok = intOf(s.val)
	return bits, s, ok
}

// shardedWeights says whether the job shards parameters over GPUs with
// DeepSpeed ZeRO-3 or FSDP, naming which and where.
func shardedWeights(p *lint.Pass) (string, bool) {
	if p.Plan == nil {
		return "", false
	}
	z := p.Plan.ZeRO
	if z.Enabled && z.Stage.Set && z.Stage.V == 3 {
		return "DeepSpeed ZeRO-3 (" + originText(z.Stage.From) + ")", true
	}
	if m := p.Plan.FSDP.Mode; m.Set && m.V != "" && m.V != "no_shard" {
		return "FSDP " + m.V + " (" + originText(m.From) + ")", true
	}
	return "", false
}

// originText writes where a plan value was set, for messages.
func originText(o plan.Origin) string {
	if o.Kind == plan.FromDefault {
		return "the default of " + o.Note
	}
	return o.String()
}

// isNullish reports whether a setting is written as an explicit "no value"
// (null, none, "").
func isNullish(s setting) bool {
	if s.val == nil {
		return true
	}
	if !document.IsScalar(s.val) {
		return false
	}
	switch s.val.Value {
	case "", "null", "None", "none", "~":
		return true
	}
	return false
}

// isFalse reports whether a setting is an explicit false.
func isFalse(s setting) bool {
	b, ok := boolOf(s.val)
	return ok && !b
}

// empty reports whether a setting is an empty list, mapping or string.
func empty(s setting) bool {
	if s.val == nil {
		return true
	}
	if document.IsScalar(s.val) {
		return s.val.Value == ""
	}
	return len(s.val.Content) == 0
}

// whereIs says where a node is, for a message about a finding in file
// from: "line 10" in the same file, else "path:line:col".
func whereIs(from, file *read.File, n *yaml.Node) string {
	if from == file {
		return fmt.Sprintf("line %d", document.NodePos(n).Line)
	}
	return posOf(file, n)
}

// plural writes a count with its noun: "1 GPU", "8 GPUs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
