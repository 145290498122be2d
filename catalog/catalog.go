package catalog

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/textdist"
)

// The catalogs are data, not Go literals, so users can read them and copy an entry into their project file to
// extend or correct it. They are strings, not byte slices, so that the index slices their text without copying it.
var (
	//go:embed gpus.yaml
	gpusYAML string
	//go:embed models.yaml
	modelsYAML string
)

// Catalog is a set of GPUs and models looked up by name or alias. It is immutable: With returns a new one.
type Catalog struct {
	gpus      []GPU   // sorted by Name
	models    []Model // sorted by ID
	gpuKeys   keyIndex
	modelKeys keyIndex
	lazy      *lazyData // the builtin catalog's undecoded entries; gpus and models hold only their keys until then
}

// builtin indexes the embedded data on first use only, and decodes an entry when it is looked up (lazy.go):
// most runs look up one GPU and one model, and tests that never touch the catalog should not pay for it.
var builtin = sync.OnceValue(func() *Catalog {
	c, err := newBuiltin()
	if err != nil {
		// The embedded files are part of the binary and covered by tests; reaching this is a build defect.
		panic(fmt.Sprintf("catalog: embedded data is invalid: %v", err))
	}
	return c
})

// newBuiltin builds the catalog of the embedded data from its generated index (index_gen.go), or, for data
// edited without regenerating it, by indexing the data.
func newBuiltin() (*Catalog, error) {
	if indexFresh(gpusYAML, modelsYAML) {
		return fromIndex(gpusYAML, modelsYAML, builtinGPUIndex, builtinModelIndex, builtinGPUKeys, builtinModelKeys)
	}
	return indexBuiltin(gpusYAML, modelsYAML)
}

// Builtin returns the embedded catalog, parsed once lazily; it is safe for concurrent use and never mutated.
func Builtin() *Catalog { return builtin() }

// parse decodes and validates the two catalog files.
func parse(gpuData, modelData []byte) (*Catalog, error) {
	var gpus []GPU
	if err := decodeStrict(gpuData, &gpus); err != nil {
		return nil, fmt.Errorf("gpus.yaml: %w", err)
	}
	var models []Model
	if err := decodeStrict(modelData, &models); err != nil {
		return nil, fmt.Errorf("models.yaml: %w", err)
	}
	for i := range models {
		models[i].Source = "builtin"
	}
	if err := checkKeys(gpus, models); err != nil {
		return nil, err
	}
	c := (&Catalog{}).With(gpus, models)
	for _, g := range c.gpus {
		if err := g.Validate(); err != nil {
			return nil, fmt.Errorf("gpus.yaml: %w", err)
		}
	}
	for _, m := range c.models {
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("models.yaml: %w", err)
		}
	}
	return c, nil
}

// decodeStrict rejects unknown keys, so a misspelt field in the data fails instead of silently counting as 0.
func decodeStrict(data []byte, out any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(out)
}

// checkKeys reports a name or alias claimed by two entries of the embedded data, where it is a typo; a user's
// entries may shadow the builtin ones on purpose.
func checkKeys(gpus []GPU, models []Model) error {
	seen := map[string]string{}
	claim := func(key, owner string) error {
		k := lookupKey(key)
		if prev, ok := seen[k]; ok {
			return fmt.Errorf("%q names both %q and %q", key, prev, owner)
		}
		seen[k] = owner
		return nil
	}
	for _, g := range gpus {
		for _, k := range append([]string{g.Name}, g.Aliases...) {
			if err := claim(k, "gpu "+g.Name); err != nil {
				return err
			}
		}
	}
	for _, m := range models {
		for _, k := range append([]string{m.ID}, m.Aliases...) {
			if err := claim(k, "model "+m.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// With returns a copy of c extended by the given entries: one whose name (or model ID) matches an existing entry
// case-insensitively replaces it, keeping the old entry's aliases as well as its own (they name the same
// hardware or checkpoint); others are added. Names always win over aliases, and the user's aliases over builtin
// ones. Models are normalized; check user input with GPU.Validate and Model.Validate first.
func (c *Catalog) With(gpus []GPU, models []Model) *Catalog {
	c = c.decoded()
	n := &Catalog{
		gpus: mergeBy(c.gpus, gpus, func(g GPU) string { return g.Name }, func(old *GPU, g GPU) GPU {
			g = g.clone()
			if old != nil {
				g.Aliases = unionAliases(g.Aliases, old.Aliases)
			}
			return g
		}),
		models: mergeBy(c.models, models, func(m Model) string { return m.ID }, func(old *Model, m Model) Model {
			m = m.clone().normalized()
			if old != nil {
				m.Aliases = unionAliases(m.Aliases, old.Aliases)
			}
			return m
		}),
	}
	n.gpuKeys = index(n.gpus, func(g GPU) (string, []string) { return g.Name, g.Aliases }, gpus)
	n.modelKeys = index(n.models, func(m Model) (string, []string) { return m.ID, m.Aliases }, models)
	return n
}

// gpuList is the catalog's GPUs, sorted; in the builtin catalog, stubs of them with only their names and aliases
// (gpu(i) is the entry).
func (c *Catalog) gpuList() []GPU {
	if c.lazy != nil {
		return c.lazy.gpuStubs()
	}
	return c.gpus
}

// modelList is the catalog's models, sorted; in the builtin catalog, stubs of them with only their IDs and
// aliases (model(i) is the entry).
func (c *Catalog) modelList() []Model {
	if c.lazy != nil {
		return c.lazy.modelStubs()
	}
	return c.models
}

// gpu returns entry i, decoding it first in the builtin catalog.
func (c *Catalog) gpu(i int) GPU {
	if c.lazy != nil {
		return c.lazy.gpus[i].get()
	}
	return c.gpus[i]
}

// model returns entry i, decoding it first in the builtin catalog.
func (c *Catalog) model(i int) Model {
	if c.lazy != nil {
		return c.lazy.models[i].get()
	}
	return c.models[i]
}

// decoded returns c with every entry decoded.
func (c *Catalog) decoded() *Catalog {
	if c.lazy == nil {
		return c
	}
	n := &Catalog{gpus: make([]GPU, len(c.lazy.gpus)), models: make([]Model, len(c.lazy.models)), gpuKeys: c.gpuKeys, modelKeys: c.modelKeys}
	for i := range n.gpus {
		n.gpus[i] = c.gpu(i)
	}
	for i := range n.models {
		n.models[i] = c.model(i)
	}
	return n
}

// mergeBy returns base with extra merged in by case-insensitive name, sorted by name. merge builds the entry to
// store from the one it replaces (nil when added) and the new one, copying it so the caller's data stays theirs.
func mergeBy[T any](base, extra []T, name func(T) string, merge func(old *T, e T) T) []T {
	out := slices.Clone(base)
	for _, e := range extra {
		i := slices.IndexFunc(out, func(o T) bool { return lookupKey(name(o)) == lookupKey(name(e)) })
		if i >= 0 {
			out[i] = merge(&out[i], e)
		} else {
			out = append(out, merge(nil, e))
		}
	}
	slices.SortFunc(out, func(a, b T) int { return compareNames(name(a), name(b)) })
	return out
}

// compareNames orders names as a reader expects, ignoring case ("google/…" between "DeepSeek/…" and "Qwen/…").
func compareNames(a, b string) int {
	if c := strings.Compare(lookupKey(a), lookupKey(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func unionAliases(own, inherited []string) []string {
	out := slices.Clone(own)
	for _, a := range inherited {
		if !slices.ContainsFunc(out, func(o string) bool { return lookupKey(o) == lookupKey(a) }) {
			out = append(out, a)
		}
	}
	return out
}

// index maps every lower-cased name and alias to its entry. Aliases go in first, builtin then user's, so that a
// user alias shadows a builtin one; names go in last so an alias never hides an entry's own name.
func index[T any](list []T, keys func(T) (string, []string), user []T) keyIndex {
	userNames := map[string]bool{}
	for _, u := range user {
		name, _ := keys(u)
		userNames[lookupKey(name)] = true
	}
	idx := make(map[string]int, len(list)*4)
	for _, pass := range []bool{false, true} {
		for i, e := range list {
			name, aliases := keys(e)
			if userNames[lookupKey(name)] != pass {
				continue
			}
			for _, a := range aliases {
				idx[lookupKey(a)] = i
			}
		}
	}
	for i, e := range list {
		name, _ := keys(e)
		idx[lookupKey(name)] = i
	}
	return keyIndex{m: idx}
}

// keyIndex maps every lookup key (a lookupKey of a name or alias) to its entry. A catalog built by With holds a
// map; the builtin one holds the sorted list of the same pairs that go generate wrote (index_gen.go), which a
// fresh process neither builds nor lower-cases.
type keyIndex struct {
	m      map[string]int
	sorted []indexKey // by key
}

// indexKey is one pair of a keyIndex's sorted list.
type indexKey struct {
	key   string
	entry int
}

// find returns the entry key names.
func (k keyIndex) find(key string) (int, bool) {
	if k.m != nil {
		i, ok := k.m[key]
		return i, ok
	}
	j, ok := slices.BinarySearchFunc(k.sorted, key, func(e indexKey, key string) int { return strings.Compare(e.key, key) })
	if !ok {
		return 0, false
	}
	return k.sorted[j].entry, true
}

// all yields every key and its entry.
func (k keyIndex) all(yield func(string, int) bool) {
	if k.m != nil {
		for key, i := range k.m {
			if !yield(key, i) {
				return
			}
		}
		return
	}
	for _, e := range k.sorted {
		if !yield(e.key, e.entry) {
			return
		}
	}
}

// sortedKeys lists the pairs of k sorted by key.
func (k keyIndex) sortedKeys() []indexKey {
	var out []indexKey
	for key, i := range k.all {
		out = append(out, indexKey{key, i})
	}
	slices.SortFunc(out, func(a, b indexKey) int { return strings.Compare(a.key, b.key) })
	return out
}

// lookupKey folds case and runs of spaces, the ways driver names and hand-typed names differ.
func lookupKey(s string) string {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.ToLower(s)
}

// GPU finds a GPU by name or alias, ignoring case. The error for an unknown name is a *NotFoundError.
func (c *Catalog) GPU(name string) (GPU, error) {
	if i, ok := c.gpuKeys.find(lookupKey(name)); ok {
		return c.gpu(i).clone(), nil
	}
	return GPU{}, &NotFoundError{Kind: "GPU", Name: name, Suggestions: suggest(name, c.gpuKeys, func(i int) string { return c.gpuList()[i].Name })}
}

// Model finds a model by hub ID or alias, ignoring case; a bare name without the organisation ("Meta-Llama-3-8B")
// matches too when only one model has it. The error for an unknown name is a *NotFoundError.
func (c *Catalog) Model(id string) (Model, error) {
	key := lookupKey(id)
	if i, ok := c.modelKeys.find(key); ok {
		return c.model(i).clone(), nil
	}
	if !strings.Contains(key, "/") {
		found := -1
		for i, m := range c.modelList() {
			if _, base, ok := strings.Cut(lookupKey(m.ID), "/"); ok && base == key {
				if found >= 0 {
					found = -2
					break
				}
				found = i
			}
		}
		if found >= 0 {
			return c.model(found).clone(), nil
		}
	}
	return Model{}, &NotFoundError{Kind: "model", Name: id, Suggestions: suggest(id, c.modelKeys, func(i int) string { return c.modelList()[i].ID })}
}

// GPUs lists every GPU sorted by name, ignoring case; the slice is the caller's.
func (c *Catalog) GPUs() []GPU {
	out := make([]GPU, len(c.gpuList()))
	for i := range out {
		out[i] = c.gpu(i).clone()
	}
	return out
}

// Models lists every model sorted by ID, ignoring case; the slice is the caller's.
func (c *Catalog) Models() []Model {
	out := make([]Model, len(c.modelList()))
	for i := range out {
		out[i] = c.model(i).clone()
	}
	return out
}

// NotFoundError is returned for a name the catalog does not know, with the closest known names, so the CLI can
// print "did you mean" and a project file can be fixed without reading the catalog.
type NotFoundError struct {
	Kind        string // "GPU" or "model"
	Name        string
	Suggestions []string // canonical names, best first; may be empty
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.Kind, e.Name)
	if len(e.Suggestions) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(quoteAll(e.Suggestions), ", "))
	}
	if e.Kind == "GPU" {
		return msg + " (define it under `gpus:` in the project file to add it)"
	}
	return msg + " (define it under `models:` in the project file, or point to its config.json)"
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// suggest ranks known names and aliases by closeness to name and returns up to three canonical names. A key
// that contains the query or is contained in it ranks first ("a100" → both A100s), then edit distance within a
// third of the query's length.
func suggest(name string, keys keyIndex, canonical func(int) string) []string {
	q := lookupKey(name)
	if q == "" {
		return nil
	}
	best := map[string]int{}
	limit, runes := max(2, len(q)/3), utf8.RuneCountInString(q)
	for k, i := range keys.all {
		var score int
		switch {
		case strings.Contains(k, q) || strings.Contains(q, k) && len(k) >= 3:
			score = 0
		default:
			// The distance is at least the difference in length, so a key
			// that differs by more than the limit is skipped unmeasured.
			if diff := utf8.RuneCountInString(k) - runes; diff > limit || -diff > limit {
				continue
			}
			d := textdist.Levenshtein(q, k)
			if d > limit {
				continue
			}
			score = d
		}
		c := canonical(i)
		if s, ok := best[c]; !ok || score < s {
			best[c] = score
		}
	}
	out := make([]string, 0, len(best))
	for c := range best {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b string) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return strings.Compare(a, b)
	})
	return out[:min(len(out), 3)]
}
