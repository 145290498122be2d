package read

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// settings reads typed values out of one mapping of one file, with origins.
type settings struct {
	file *File
	root *yaml.Node
	// args, when set, are the arguments of the launch command that names
	// this config, which override its keys (tune run's key=value, litgpt's
	// --key value), nested as the config's keys are.
	args *settings
	// command is the launch command whose config or arguments these are,
	// for a frontend whose launch names what the config does not (tune
	// run's recipe, litgpt's finetune method).
	command *shell.Command
}

func (s settings) ok() bool { return s.file != nil && s.root != nil }

// launchArgs is the settings of the launch command's arguments: args when
// the config has them on top, else s itself.
func (s settings) launchArgs() settings {
	if s.args != nil {
		return *s.args
	}
	return s
}

// node returns the value node of the first present key among names.
func (s settings) node(names ...string) (*yaml.Node, plan.Origin) {
	if !s.ok() {
		return nil, plan.Origin{}
	}
	if s.args != nil {
		if n, o := s.args.node(names...); n != nil {
			return n, o
		}
	}
	for _, name := range names {
		keys := strings.Split(name, ".")
		k, v := document.Lookup(s.root, keys...)
		if v != nil && !document.IsNull(v) && v.Tag != "!!unknown" {
			at := k
			if at == nil {
				at = v
			}
			return v, plan.At(s.file.Path, at.Line, at.Column, name)
		}
	}
	return nil, plan.Origin{}
}

// unknownValue returns the value node of key when the launch gives it a
// value known only when the script runs ($ZERO_STAGE, "$2"), which node
// passes over; nil otherwise.
func (s settings) unknownValue(key string) *yaml.Node {
	if !s.ok() {
		return nil
	}
	if s.args != nil {
		if n := s.args.unknownValue(key); n != nil {
			return n
		}
	}
	if _, v := document.Lookup(s.root, strings.Split(key, ".")...); v != nil && v.Tag == "!!unknown" {
		return v
	}
	return nil
}

func (s settings) str(names ...string) (plan.Value[string], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil || n.Kind != yaml.ScalarNode {
		return plan.Value[string]{}, n
	}
	return plan.Of(n.Value, o), n
}

func (s settings) integer(names ...string) (plan.Value[int], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil {
		return plan.Value[int]{}, nil
	}
	v, ok := document.Int(n, true)
	if !ok || v > 1<<40 || v < -(1<<40) {
		return plan.Value[int]{}, n
	}
	return plan.Of(int(v), o), n
}

// float reads a number (an integer or a decimal).
func (s settings) float(names ...string) (plan.Value[float64], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil || n.Kind != yaml.ScalarNode {
		return plan.Value[float64]{}, n
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	if err != nil {
		return plan.Value[float64]{}, n
	}
	return plan.Of(v, o), n
}

func (s settings) int64(names ...string) (plan.Value[int64], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil {
		return plan.Value[int64]{}, nil
	}
	v, ok := document.Int(n, true)
	if !ok {
		return plan.Value[int64]{}, n
	}
	return plan.Of(v, o), n
}

func (s settings) boolean(names ...string) (plan.Value[bool], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil {
		return plan.Value[bool]{}, nil
	}
	v, ok := document.Bool(n, true)
	if !ok {
		return plan.Value[bool]{}, n
	}
	return plan.Of(v, o), n
}

func (s settings) list(names ...string) (plan.Value[[]string], *yaml.Node) {
	n, o := s.node(names...)
	if n == nil {
		return plan.Value[[]string]{}, nil
	}
	switch n.Kind {
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, c.Value)
		}
		return plan.Of(out, o), n
	case yaml.ScalarNode:
		var out []string
		for _, part := range strings.FieldsFunc(n.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
			out = append(out, part)
		}
		return plan.Of(out, o), n
	}
	return plan.Value[[]string]{}, n
}

// set copies v into dst when v is set.
func set[T any](dst *plan.Value[T], v plan.Value[T]) {
	if v.Set {
		*dst = v
	}
}

// dtypeOf maps the spellings of dtypes in configs to plan dtypes.
func dtypeOf(s string) (plan.Dtype, bool) {
	switch strings.ToLower(strings.TrimPrefix(s, "torch.")) {
	case "bfloat16", "bf16":
		return plan.BF16, true
	case "float16", "fp16", "half":
		return plan.FP16, true
	case "float32", "fp32", "float":
		return plan.FP32, true
	}
	return "", false
}

// orDefault sets dst to a framework's own default v unless something other
// than a library default (a file's value, a .trainlint.yaml declaration)
// set it first: the Trainer's defaults give way to the framework's.
func orDefault[T any](dst *plan.Value[T], v T, from plan.Origin) {
	if !dst.Set || dst.From.Kind == plan.FromDefault {
		*dst = plan.Of(v, from)
	}
}
