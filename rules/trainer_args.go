package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/read"
)

// trainerDefaultsApply reports whether the Trainer arguments absent from
// the job's files are known to take their library defaults: the arguments
// come from a config file HfArgumentParser (or LLaMA-Factory, axolotl)
// reads whole. Arguments of a launch command are read from a script whose
// program may define other defaults or take more flags from the
// environment, so only explicit ones count there.
func trainerDefaultsApply(j *read.Job) bool {
	return j.Trainer != nil && j.Args == nil
}

// trainerNum is a numeric Trainer argument resolved the way the Trainer
// sees it: written, or its default.
type trainerNum struct {
	v    float64
	desc string // `"learning_rate" 2e-05 (train.yaml:7:1)` or `"learning_rate" 5e-05 (default)`
	ok   bool
}

// hfDefaults are TrainingArguments' defaults for the values the DeepSpeed
// integration compares; axolotl's micro batch defaults to 1.
var hfDefaults = map[string]float64{
	"per_device_train_batch_size": 8, "gradient_accumulation_steps": 1, "max_grad_norm": 1,
	"learning_rate": 5e-5, "adam_beta1": 0.9, "adam_beta2": 0.999, "adam_epsilon": 1e-8, "weight_decay": 0,
}

// trainerNumber resolves a numeric Trainer argument by its names (the first
// is the TrainingArguments name whose default applies).
func trainerNumber(j *read.Job, names ...string) trainerNum {
	s := trainerArg(j, names...)
	if s.found() {
		v, ok := numOf(s.val)
		if !ok {
			return trainerNum{}
		}
		return trainerNum{v: v, desc: fmt.Sprintf("%q %s (%s)", s.name, num(v), posOf(s.conf.file, s.at())), ok: true}
	}
	if !trainerDefaultsApply(j) {
		return trainerNum{}
	}
	if t, isTRL := read.DetectTRL(j); isTRL {
		// A TRL config class parses the file: its defaults, not the Trainer's.
		if v, ok, unknown := read.TRLNumberDefault(t, names[0]); ok {
			return trainerNum{v: v, desc: fmt.Sprintf("%q %s (the default of TRL's %s config, recognized by %s)", names[0], num(v), strings.ToUpper(t.Trainer), t.Why), ok: true}
		} else if unknown {
			return trainerNum{}
		}
	}
	def, ok := hfDefaults[names[0]]
	if names[0] == "per_device_train_batch_size" && j.Trainer.Format == read.Axolotl {
		def = 1
	}
	if !ok {
		return trainerNum{}
	}
	return trainerNum{v: def, desc: fmt.Sprintf("%q %s (the default)", names[0], num(def)), ok: true}
}

// trainerFlag resolves a boolean Trainer argument that is true when any of
// names is true; known is false when a value cannot be read (an unexpanded
// variable, axolotl's "auto").
func trainerFlag(j *read.Job, names ...string) (v bool, desc string, known bool) {
	var parts []string
	for _, name := range names {
		s := trainerArg(j, name)
		if !s.found() {
			continue
		}
		b, ok := boolOf(s.val)
		if !ok {
			return false, "", false
		}
		if b {
			return true, fmt.Sprintf("%q true (%s)", s.name, posOf(s.conf.file, s.at())), true
		}
		parts = append(parts, fmt.Sprintf("%q false (%s)", s.name, posOf(s.conf.file, s.at())))
	}
	if len(parts) > 0 {
		return false, strings.Join(parts, ", "), true
	}
	if !trainerDefaultsApply(j) {
		return false, "", false
	}
	return false, fmt.Sprintf("%q false (the default)", names[0]), true
}

// posOf is file:line:col of a node.
func posOf(f *read.File, n *yaml.Node) string {
	pos := document.NodePos(n)
	return fmt.Sprintf("%s:%d:%d", f.Path, pos.Line, pos.Column)
}
