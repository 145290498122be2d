package rules

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/textdist"
)

// conf is one mapping of settings in one file: a whole config, a nested
// mapping (an inline deepspeed section, ChatGLM3's training_args), or a
// launch command's arguments.
type conf struct {
	file *read.File
	root *yaml.Node
}

func (c conf) ok() bool { return c.file != nil && c.root != nil && c.root.Kind == yaml.MappingNode }

// script reports whether the settings are a launch command's arguments.
func (c conf) script() bool { return c.file != nil && c.file.Format == read.Script }

// get follows a dotted key path; k is nil when the key is absent.
func (c conf) get(path string) (k, v *yaml.Node) {
	if !c.ok() {
		return nil, nil
	}
	return document.Lookup(c.root, strings.Split(path, ".")...)
}

// first returns the first of the keys that is present (with a value that is
// not null).
func (c conf) first(keys ...string) (name string, k, v *yaml.Node) {
	for _, key := range keys {
		if k, v := c.get(key); v != nil && !document.IsNull(v) {
			return key, k, v
		}
	}
	return "", nil, nil
}

// path returns the key path of keys (below the settings mapping) from the
// file's document root, for a lint.Change; nil when the mapping is not part
// of the file's document (a JSON string parsed on its own) or the file is
// not a document.
func (c conf) path(keys ...string) []string {
	if c.script() {
		if len(keys) == 0 {
			return nil
		}
		// The arguments mapping sits at its launch command's line.
		return []string{generate.ScriptCommand(c.root.Line), "--" + keys[len(keys)-1]}
	}
	if c.file == nil || c.file.Doc == nil {
		return nil
	}
	prefix, ok := pathTo(c.file.Doc.Root, c.root, 0)
	if !ok {
		return nil
	}
	return append(prefix, keys...)
}

// pathTo finds the keys leading from n to target.
func pathTo(n, target *yaml.Node, depth int) ([]string, bool) {
	if n == target {
		return []string{}, true
	}
	if n == nil || n.Kind != yaml.MappingNode || depth > 64 {
		return nil, false
	}
	for _, p := range document.Pairs(n) {
		if rest, ok := pathTo(p.Value, target, depth+1); ok {
			return append([]string{p.Key.Value}, rest...), true
		}
	}
	return nil, false
}

// change builds an edit of keys below the settings mapping; ok is false
// when the file cannot be edited by key path.
func (c conf) change(op lint.Op, value any, keys ...string) (lint.Change, bool) {
	p := c.path(keys...)
	if p == nil {
		return lint.Change{}, false
	}
	return lint.Change{File: c.file.Path, Path: p, Op: op, Value: value}, true
}

// dsConf is the job's DeepSpeed settings.
func dsConf(j *read.Job) conf {
	if j == nil || j.DeepSpeed == nil || j.DeepSpeedRoot == nil {
		return conf{}
	}
	return conf{j.DeepSpeed, j.DeepSpeedRoot}
}

// accConf is the job's Accelerate config.
func accConf(j *read.Job) conf {
	if j == nil || j.Accelerate == nil {
		return conf{}
	}
	return conf{j.Accelerate, j.Accelerate.Root}
}

// trainerConfs are the job's Trainer-argument settings, the launch
// command's arguments first since they are the ones a reader sees last.
func trainerConfs(j *read.Job) []conf {
	var out []conf
	if j == nil {
		return nil
	}
	if j.Args != nil && j.Script != nil {
		out = append(out, conf{j.Script, j.Args})
	}
	if j.Trainer != nil && j.Trainer.Root != nil {
		out = append(out, conf{j.Trainer, j.Trainer.Root})
	}
	return out
}

// setting is a value found in one of several settings mappings.
type setting struct {
	conf conf
	name string // the key as found
	key  *yaml.Node
	val  *yaml.Node
}

func (s setting) found() bool { return s.val != nil }

// known reports whether the value can be read without running anything (a
// launch argument may hold an unexpanded $VAR).
func (s setting) known() bool { return s.val != nil && s.val.Tag != "!!unknown" }

// at is where findings about the setting point: the key, else the value.
func (s setting) at() *yaml.Node {
	if s.key != nil {
		return s.key
	}
	return s.val
}

// lookup finds the first present key among names in the settings, in order.
func lookup(cs []conf, names ...string) setting {
	for _, c := range cs {
		if name, k, v := c.first(names...); v != nil {
			return setting{c, name, k, v}
		}
	}
	return setting{}
}

// trainerArg looks up a Trainer argument by any of its names.
func trainerArg(j *read.Job, names ...string) setting {
	return lookup(trainerConfs(j), names...)
}

// boolOf reads a boolean leniently (argparse and PyYAML spellings).
func boolOf(n *yaml.Node) (bool, bool) {
	if n == nil || n.Tag == "!!unknown" {
		return false, false
	}
	return document.Bool(n, true)
}

// numOf reads a number leniently ("3e-5" written unquoted in YAML is a
// string to PyYAML but a number to every argument parser).
func numOf(n *yaml.Node) (float64, bool) {
	if n == nil || n.Tag == "!!unknown" || document.IsAuto(n) {
		return 0, false
	}
	f, ok := document.Float(n, true)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// intOf reads a whole number leniently.
func intOf(n *yaml.Node) (int64, bool) {
	if n == nil || n.Tag == "!!unknown" || document.IsAuto(n) {
		return 0, false
	}
	return document.Int(n, true)
}

// isTrue reports whether n is an explicit true.
func isTrue(n *yaml.Node) bool {
	b, ok := boolOf(n)
	return ok && b
}

// quote writes a config value the way a message shows it: strings quoted,
// numbers and booleans as written.
func quote(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			parts = append(parts, quote(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if document.IsString(n) && n.Tag != "!!unknown" {
		if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
			return strconv.Quote(n.Value)
		}
	}
	return n.Value
}

// num formats a float the short way configs write it (2e-5, not 2e-05).
func num(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if i := strings.Index(s, "e"); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		sign := ""
		if exp[0] == '-' || exp[0] == '+' {
			sign, exp = strings.TrimPrefix(exp[:1], "+"), exp[1:]
		}
		s = mant + "e" + sign + strings.TrimLeft(exp, "0")
	}
	return s
}

// gib formats bytes in GiB with one decimal.
func gib(b float64) string { return fmt.Sprintf("%.1f GiB", b/(1<<30)) }

// finding starts a finding at a node of a file.
func finding(file *read.File, n *yaml.Node, format string, args ...any) lint.Finding {
	pos := document.NodePos(n)
	return lint.Finding{File: file.Path, Line: pos.Line, Column: pos.Column, Message: fmt.Sprintf(format, args...)}
}

// launcher is how the job starts: "hf-trainer", "accelerate", "deepspeed"
// (a plain DeepSpeed engine) or "" (not known).
func launcher(p *lint.Pass) string {
	if p.Plan == nil {
		return ""
	}
	return p.Plan.Launcher.V
}

// viaHF reports whether the DeepSpeed config is handed to DeepSpeed by the
// Hugging Face Trainer or Accelerate, which json.load it and fill "auto".
func viaHF(p *lint.Pass) bool {
	l := launcher(p)
	return l == "hf-trainer" || l == "accelerate"
}

// hfTrainer reports whether a Hugging Face Trainer (or a trainer built on
// it: TRL, LLaMA-Factory, axolotl) runs the job, so its DeepSpeed
// integration compares the DeepSpeed config with the Trainer arguments.
func hfTrainer(p *lint.Pass) bool {
	j := p.Job
	if j.Plan != nil && j.Plan.OwnLoop.Set {
		return false // the program trains in a loop of its own (read.markOwnLoop)
	}
	return (j.Trainer != nil || j.Args != nil) && launcher(p) != "deepspeed"
}

// suggest returns the closest candidate to s by edit distance, or, when
// none is close, the shortest candidate s is a prefix of (a truncated key);
// "" when nothing fits.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	prefixed := ""
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == ls {
			continue
		}
		if d := textdist.Levenshtein(ls, lc); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
		if strings.HasPrefix(lc, ls) && len(ls) >= 3 && (prefixed == "" || len(c) < len(prefixed)) {
			prefixed = c
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return prefixed
}

// quoteList writes names as "a", "b" and "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// splitKey splits a dotted key path.
func splitKey(path string) []string { return strings.Split(path, ".") }

// dedupeChanges drops repeated edits of the same key, keeping the first.
func dedupeChanges(chs []lint.Change) []lint.Change {
	seen := map[string]bool{}
	var out []lint.Change
	for _, ch := range chs {
		id := ch.File + "\x00" + strings.Join(ch.Path, "\x00")
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, ch)
	}
	return out
}

// pluralize writes a count with its noun: "1 process", "8 processes".
func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// originOf is the plan origin of a setting found in these settings.
func (c conf) originOf(s setting) plan.Origin {
	n := s.at()
	return plan.At(c.file.Path, n.Line, n.Column, s.name)
}
