// Package project reads the project file, .trainlint.yaml: the declared
// hardware, the model, training facts a config may not carry, and how
// findings are filtered. Its keys are a public contract (schemas/project).
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/schemas"
)

// FileName is the project file looked for next to the inputs.
const FileName = ".trainlint.yaml"

// Setting is a declared value and the node it was written at.
type Setting[T any] struct {
	V    T
	Set  bool
	Node *yaml.Node
}

// PEFT is the declared adapter method.
type PEFT struct {
	Method        Setting[string]
	R             Setting[int]
	Alpha         Setting[int]
	TargetModules Setting[[]string]
}

// Images is the declared image size per sample.
type Images struct {
	Width, Height, PerSample, MaxSlices Setting[int]
}

// ModelEntry names a model the catalog lacks and its config.json.
type ModelEntry struct {
	ID     string
	Config string // relative to the project file's folder
	Node   *yaml.Node
}

// Ignore silences rules under a path glob.
type Ignore struct {
	Path  string   // a glob relative to the project file's folder
	Rules []string // empty: every rule
}

// File is a parsed project file.
type File struct {
	Path string
	Doc  *document.Document

	GPU          Setting[string] // a catalog name, or the name of a custom GPU in GPUs
	GPUsPerNode  Setting[int]
	Nodes        Setting[int]
	CPUMemoryGiB Setting[float64]
	Model        Setting[string]
	ModelConfig  Setting[string] // a config.json for the model, relative to the project file's folder

	SeqLen Setting[int]
	// SeqLenMax is the data's longest tokenized sample, which bounds the
	// batches of a job that pads to the longest sample below its cap.
	SeqLenMax  Setting[int]
	MicroBatch Setting[int]
	GradAccum  Setting[int]
	LoadDtype  Setting[string]
	Attention  Setting[string]
	Launcher   Setting[string]
	PEFT       PEFT
	Freeze     Setting[[]string]
	Images     Images

	GPUs     []catalog.GPU     // custom GPUs, including an inline hardware.gpu mapping
	Models   []ModelEntry      // extra models, read from their config.json on first use
	Severity map[string]string // rule id → error | warning | info | off
	Ignores  []Ignore
	// RuleRefs are the rule ids the file names under rules: and ignore:,
	// where it names them, so unknown ids can be reported.
	RuleRefs []RuleRef
}

// RuleRef is a rule id written in the project file.
type RuleRef struct {
	ID   string
	Node *yaml.Node
}

// Dir is the folder relative paths in the file are resolved against.
func (f *File) Dir() string { return filepath.Dir(f.Path) }

// Find walks up from dir looking for the project file, stopping at the
// repository root (a folder holding .git) or the file system root.
func Find(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(abs, FileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return "", false
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", false
		}
		abs = parent
	}
}

// Load reads and validates a project file.
func Load(path string) (*File, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, &document.Error{Path: path, Msg: "is a folder, expected a project file (" + FileName + ")"}
	}
	src, err := document.ReadFile(path)
	if err != nil {
		return nil, &document.Error{Path: path, Msg: "cannot read project file: " + errMsg(err)}
	}
	return Parse(path, src)
}

// Parse validates src against the project schema and reads it.
func Parse(path string, src []byte) (*File, error) {
	doc, err := document.Parse(path, src)
	if err != nil {
		return nil, err
	}
	if len(doc.Root.Content) == 0 && doc.Root.Kind == yaml.MappingNode {
		return &File{Path: path, Doc: doc}, nil
	}
	vs, err := schemas.Validate("project", doc.Root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(vs) > 0 {
		v := vs[0]
		at := v.Node
		if v.KeyNode != nil {
			at = v.KeyNode
		}
		key := v.Key
		if key == "" {
			key = "(top level)"
		}
		return nil, document.Errorf(path, document.NodePos(at), "%s: %s", key, v.Message)
	}
	f := &File{Path: path, Doc: doc}
	f.read(doc.Root)
	return f, nil
}

func (f *File) read(root *yaml.Node) {
	_, hw := document.Get(root, "hardware")
	if _, g := document.Get(hw, "gpu"); g != nil {
		if g.Kind == yaml.MappingNode {
			gpu := readGPU(g)
			f.GPUs = append(f.GPUs, gpu)
			f.GPU = Setting[string]{V: gpu.Name, Set: true, Node: g}
		} else {
			f.GPU = str(g)
		}
	}
	f.GPUsPerNode = integer(hw, "gpus_per_node")
	f.Nodes = integer(hw, "nodes")
	if _, n := document.Get(hw, "cpu_memory_gib"); n != nil {
		v, _ := document.Float(n, false)
		f.CPUMemoryGiB = Setting[float64]{V: v, Set: true, Node: n}
	}
	if _, m := document.Get(root, "model"); m != nil {
		f.Model = str(m)
	}
	if _, m := document.Get(root, "model_config"); m != nil {
		f.ModelConfig = str(m)
	}
	_, tr := document.Get(root, "training")
	f.SeqLen = integer(tr, "seq_len")
	f.SeqLenMax = integer(tr, "seq_len_max")
	f.MicroBatch = integer(tr, "micro_batch")
	f.GradAccum = integer(tr, "grad_accum")
	f.LoadDtype = strKey(tr, "load_dtype")
	f.Attention = strKey(tr, "attention")
	f.Launcher = strKey(tr, "launcher")
	if _, p := document.Get(tr, "peft"); p != nil {
		f.PEFT.Method = strKey(p, "method")
		f.PEFT.R = integer(p, "r")
		f.PEFT.Alpha = integer(p, "alpha")
		f.PEFT.TargetModules = list(p, "target_modules")
	}
	f.Freeze = list(tr, "freeze")
	if _, im := document.Get(tr, "images"); im != nil {
		f.Images = Images{Width: integer(im, "width"), Height: integer(im, "height"), PerSample: integer(im, "per_sample"), MaxSlices: integer(im, "max_slices")}
	}
	if _, gs := document.Get(root, "gpus"); gs != nil {
		for _, g := range gs.Content {
			f.GPUs = append(f.GPUs, readGPU(g))
		}
	}
	if _, ms := document.Get(root, "models"); ms != nil {
		for _, m := range ms.Content {
			_, id := document.Get(m, "id")
			_, cfg := document.Get(m, "config")
			f.Models = append(f.Models, ModelEntry{ID: id.Value, Config: cfg.Value, Node: cfg})
		}
	}
	if _, rs := document.Get(root, "rules"); rs != nil {
		f.Severity = map[string]string{}
		for _, p := range document.Pairs(rs) {
			f.RuleRefs = append(f.RuleRefs, RuleRef{ID: p.Key.Value, Node: p.Key})
			if p.Value.Kind == yaml.MappingNode {
				_, s := document.Get(p.Value, "severity")
				if s != nil {
					f.Severity[p.Key.Value] = s.Value
				}
				continue
			}
			f.Severity[p.Key.Value] = p.Value.Value
		}
	}
	if _, ig := document.Get(root, "ignore"); ig != nil {
		for _, e := range ig.Content {
			_, p := document.Get(e, "path")
			i := Ignore{Path: p.Value}
			rules := list(e, "rules")
			i.Rules = rules.V
			f.Ignores = append(f.Ignores, i)
			if rules.Node != nil && rules.Node.Kind == yaml.ScalarNode {
				f.RuleRefs = append(f.RuleRefs, RuleRef{ID: rules.Node.Value, Node: rules.Node})
			} else if rules.Node != nil {
				for _, c := range rules.Node.Content {
					f.RuleRefs = append(f.RuleRefs, RuleRef{ID: c.Value, Node: c})
				}
			}
		}
	}
}

func readGPU(n *yaml.Node) catalog.GPU {
	g := catalog.GPU{Vendor: "custom", ComputeCapability: "8.0", BF16: true, TF32: true}
	if _, v := document.Get(n, "name"); v != nil {
		g.Name = strings.ToLower(v.Value)
	}
	if _, v := document.Get(n, "memory_gib"); v != nil {
		gib, _ := document.Float(v, false)
		g.MemoryMiB = int(gib * 1024)
	}
	if _, v := document.Get(n, "compute_capability"); v != nil {
		g.ComputeCapability = v.Value
		g.BF16 = g.ComputeCapability >= "8.0"
		g.TF32 = g.BF16
		g.FlashAttention2 = g.BF16
	}
	for key, dst := range map[string]*bool{"bf16": &g.BF16, "tf32": &g.TF32, "flash_attention_2": &g.FlashAttention2, "fp8": &g.FP8} {
		if _, v := document.Get(n, key); v != nil {
			*dst, _ = document.Bool(v, false)
		}
	}
	return g
}

func str(n *yaml.Node) Setting[string] { return Setting[string]{V: n.Value, Set: true, Node: n} }

func strKey(m *yaml.Node, key string) Setting[string] {
	if _, n := document.Get(m, key); n != nil {
		return str(n)
	}
	return Setting[string]{}
}

func integer(m *yaml.Node, key string) Setting[int] {
	_, n := document.Get(m, key)
	if n == nil {
		return Setting[int]{}
	}
	v, _ := document.Int(n, false)
	return Setting[int]{V: int(v), Set: true, Node: n}
}

func list(m *yaml.Node, key string) Setting[[]string] {
	_, n := document.Get(m, key)
	if n == nil {
		return Setting[[]string]{}
	}
	if n.Kind == yaml.ScalarNode {
		return Setting[[]string]{V: []string{n.Value}, Set: true, Node: n}
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, c.Value)
	}
	return Setting[[]string]{V: out, Set: true, Node: n}
}

// Catalog extends base with the file's custom GPUs and models. A model's
// config.json is read here, relative to the project file's folder.
func (f *File) Catalog(base *catalog.Catalog) (*catalog.Catalog, error) {
	if f == nil || (len(f.GPUs) == 0 && len(f.Models) == 0) {
		return base, nil
	}
	var models []catalog.Model
	for _, e := range f.Models {
		path := e.Config
		if !filepath.IsAbs(path) {
			path = filepath.Join(f.Dir(), path)
		}
		m, err := catalog.LoadHFConfig(path)
		if err != nil {
			return nil, document.Errorf(f.Path, document.NodePos(e.Node), "models: %v", err)
		}
		m.ID = e.ID
		m.Source = path
		models = append(models, m)
	}
	return base.With(f.GPUs, models), nil
}

// Ignored reports whether rule is silenced for path (relative paths are
// matched against the glob relative to the project file's folder).
func (f *File) Ignored(path, rule string) bool {
	if f == nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	dir, err := filepath.Abs(f.Dir())
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, ig := range f.Ignores {
		if !globMatch(ig.Path, rel) {
			continue
		}
		if len(ig.Rules) == 0 {
			return true
		}
		for _, r := range ig.Rules {
			if r == rule {
				return true
			}
		}
	}
	return false
}

// globMatch matches a slash-separated path against a glob where "**"
// matches any number of folders.
func globMatch(glob, path string) bool {
	if !strings.Contains(glob, "**") {
		ok, _ := filepath.Match(glob, path)
		if ok {
			return true
		}
		// A folder glob matches everything under it.
		return strings.HasPrefix(path, strings.TrimSuffix(glob, "/")+"/")
	}
	parts := strings.SplitN(glob, "**", 2)
	prefix, suffix := parts[0], strings.TrimPrefix(parts[1], "/")
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	rest := strings.TrimPrefix(path, prefix)
	segs := strings.Split(rest, "/")
	for i := range segs {
		if globMatch(suffix, strings.Join(segs[i:], "/")) {
			return true
		}
	}
	return suffix == ""
}

// errMsg is an I/O error without the path it repeats.
func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
