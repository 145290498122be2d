package catalog

import (
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// A lint run looks up one GPU and one model, and decoding every entry of the embedded YAML cost more than the
// rest of the run. So the builtin catalog is only indexed at first: each entry's name and aliases are read from
// its text, and the entry is decoded and checked when it is first looked up. The index of the embedded data is
// made at build time (index_gen.go), as reading the names from the text still cost a fresh process 2 300
// allocations. TestBuiltinMatchesParse checks the result against the eager parse of the same data.

// lazyEntry is one entry of the embedded data, decoded on first use.
type lazyEntry[T any] struct {
	src    string
	once   sync.Once
	val    *T // a pointer: a model is hundreds of bytes, and most entries are never decoded
	decode func([]byte) (T, error)
}

func (e *lazyEntry[T]) get() T {
	e.once.Do(func() {
		v, err := e.decode([]byte(e.src))
		if err != nil {
			// The embedded files are part of the binary and covered by tests; reaching this is a build defect.
			panic(fmt.Sprintf("catalog: embedded data is invalid: %v", err))
		}
		e.val = &v
	})
	return *e.val
}

// lazyData holds the undecoded entries of the builtin catalog, and stubs of them that hold only their names
// and aliases, made when a lookup first walks every entry: a lint that finds its model and GPU by their keys
// never does (the stubs of the models are 100 KB).
type lazyData struct {
	gpus       []*lazyEntry[GPU]
	models     []*lazyEntry[Model]
	gpuStubs   func() []GPU
	modelStubs func() []Model
}

// indexBuiltin builds the catalog of the embedded data without decoding its entries.
func indexBuiltin(gpuData, modelData string) (*Catalog, error) {
	gpuIdx, err := scanEntries(gpuData, "name", decodeGPU, func(g GPU) (string, []string) { return g.Name, g.Aliases })
	if err != nil {
		return nil, fmt.Errorf("gpus.yaml: %w", err)
	}
	modelIdx, err := scanEntries(modelData, "id", decodeModel, func(m Model) (string, []string) { return m.ID, m.Aliases })
	if err != nil {
		return nil, fmt.Errorf("models.yaml: %w", err)
	}
	return fromIndex(gpuData, modelData, gpuIdx, modelIdx, nil, nil)
}

//go:generate go test -run TestGeneratedIndex -update .

// indexFresh reports whether index_gen.go indexes these files: their checksums are the ones it was generated from.
func indexFresh(gpuData, modelData string) bool {
	return checksum(gpuData) == builtinIndexCRC[0] && checksum(modelData) == builtinIndexCRC[1]
}

// checksum is the CRC-32 of s, read in place: converting the 100 KB of models.yaml to a byte slice would copy it.
func checksum(s string) uint32 {
	return crc32.ChecksumIEEE(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// fromIndex builds the catalog of the embedded data from an index of it: scanEntries' result, or the one
// go generate wrote into index_gen.go for the data built into the binary with its lookup keys (keyIndex.sorted);
// without them (nil), the keys are worked out from the names and aliases.
func fromIndex(gpuData, modelData string, gpuIdx, modelIdx []indexed, gpuKeys, modelKeys []indexKey) (*Catalog, error) {
	gpus, err := lazyEntries(gpuData, gpuIdx, decodeGPU)
	if err != nil {
		return nil, fmt.Errorf("gpus.yaml: %w", err)
	}
	models, err := lazyEntries(modelData, modelIdx, decodeModel)
	if err != nil {
		return nil, fmt.Errorf("models.yaml: %w", err)
	}
	// checkKeys runs in parse, which TestBuiltinMatchesParse runs on the same data.
	c := &Catalog{lazy: &lazyData{
		gpus: gpus, models: models,
		gpuStubs: sync.OnceValue(func() []GPU {
			return stubs(gpuIdx, gpus, func(n string, a []string) GPU { return GPU{Name: n, Aliases: a} })
		}),
		modelStubs: sync.OnceValue(func() []Model {
			return stubs(modelIdx, models, func(n string, a []string) Model { return Model{ID: n, Aliases: a} })
		}),
	}}
	if gpuKeys == nil || modelKeys == nil {
		c.gpuKeys = index(c.gpuList(), func(g GPU) (string, []string) { return g.Name, g.Aliases }, nil)
		c.modelKeys = index(c.modelList(), func(m Model) (string, []string) { return m.ID, m.Aliases }, nil)
		return c, nil
	}
	c.gpuKeys, c.modelKeys = keyIndex{sorted: gpuKeys}, keyIndex{sorted: modelKeys}
	return c, nil
}

func decodeGPU(src []byte) (GPU, error) {
	var l []GPU
	if err := decodeStrict(src, &l); err != nil {
		return GPU{}, err
	}
	if len(l) != 1 {
		return GPU{}, fmt.Errorf("an entry holds %d GPUs", len(l))
	}
	return l[0], l[0].Validate()
}

func decodeModel(src []byte) (Model, error) {
	var l []Model
	if err := decodeStrict(src, &l); err != nil {
		return Model{}, err
	}
	if len(l) != 1 {
		return Model{}, fmt.Errorf("an entry holds %d models", len(l))
	}
	m := l[0]
	m.Source = "builtin"
	m = m.normalized()
	return m, m.Validate()
}

// indexed is one entry of a catalog file: its name and aliases, and where its text lies in the file
// (data[start:end]). decode is set for an entry whose keys are written in a form scanKeys does not read: it is
// decoded when the catalog is built, and its decoded value stands in for its stub.
type indexed struct {
	name       string
	aliases    []string
	start, end int
	decode     bool
}

// scanEntries splits a catalog file into its entries, sorted by name as With sorts them, reading each entry's
// name and aliases from its text (decoding the entries scanKeys cannot read).
func scanEntries[T any](data string, nameKey string, decode func([]byte) (T, error), keys func(T) (string, []string)) ([]indexed, error) {
	type item struct {
		key string // lookupKey(name), computed once for the sort
		indexed
	}
	spans := splitEntries(data)
	items := make([]item, 0, len(spans))
	for _, sp := range spans {
		src := data[sp[0]:sp[1]]
		e := indexed{start: sp[0], end: sp[1]}
		var ok bool
		e.name, e.aliases, ok = scanKeys(src, nameKey)
		if !ok {
			v, err := decode([]byte(src))
			if err != nil {
				return nil, err
			}
			e.name, _ = keys(v)
			e.aliases, e.decode = nil, true
		}
		items = append(items, item{key: lookupKey(e.name), indexed: e})
	}
	// The order of compareNames.
	slices.SortStableFunc(items, func(a, b item) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]indexed, len(items))
	for i, it := range items {
		out[i] = it.indexed
	}
	return out, nil
}

// lazyEntries makes the undecoded entries of an index of data; an entry marked decode is decoded now.
func lazyEntries[T any](data string, idx []indexed, decode func([]byte) (T, error)) ([]*lazyEntry[T], error) {
	all := make([]lazyEntry[T], len(idx))
	entries := make([]*lazyEntry[T], len(idx))
	for i, x := range idx {
		e := &all[i]
		// The entries are slices of the file's text.
		e.src, e.decode = data[x.start:x.end], decode
		entries[i] = e
		if !x.decode {
			continue
		}
		v, err := decode([]byte(e.src))
		if err != nil {
			return nil, err
		}
		e.once.Do(func() { e.val = &v })
	}
	return entries, nil
}

// stubs makes a stub per entry of an index, holding its name and aliases; an entry marked decode was decoded by
// lazyEntries, and its value is its stub.
func stubs[T any](idx []indexed, entries []*lazyEntry[T], stub func(string, []string) T) []T {
	out := make([]T, len(idx))
	for i, x := range idx {
		if x.decode {
			out[i] = entries[i].get()
			continue
		}
		out[i] = stub(x.name, x.aliases)
	}
	return out
}

// splitEntries cuts a YAML sequence of mappings at every line that starts with "- ", dropping what comes before
// the first entry (the header comment), and returns where each entry starts and ends.
func splitEntries(data string) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i < len(data); {
		end := strings.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data) - i
		} else {
			end++
		}
		if strings.HasPrefix(data[i:], "- ") {
			if start >= 0 {
				out = append(out, [2]int{start, i})
			}
			start = i
		}
		i += end
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(data)})
	}
	return out
}

// scanKeys reads an entry's name and aliases from its top-level lines ("- name: x", "  aliases: [a, b]"). It
// reports false for anything but plain or quoted scalars and a flow list of them, and the caller decodes those.
func scanKeys(src string, nameKey string) (name string, aliases []string, ok bool) {
	rest := src
	for i := 0; rest != ""; i++ {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		switch {
		case i == 0:
			line = strings.TrimPrefix(line, "- ")
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   "):
			line = line[2:]
		default:
			continue
		}
		key, val, found := strings.Cut(line, ":")
		if !found {
			continue
		}
		switch key {
		case nameKey:
			if name, ok = scalar(val); !ok {
				return "", nil, false
			}
		case "aliases":
			v := strings.TrimSpace(val)
			if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
				return "", nil, false
			}
			for _, a := range splitFlow(v[1 : len(v)-1]) {
				s, ok := scalar(a)
				if !ok {
					return "", nil, false
				}
				aliases = append(aliases, s)
			}
		}
	}
	return name, aliases, name != ""
}

// splitFlow splits the inside of a flow list at the commas outside quotes.
func splitFlow(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, s[start:])
	}
	return out
}

// scalar reads a plain or quoted YAML scalar without escapes, comments or indicators it would have to interpret.
func scalar(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		inner := s[1 : len(s)-1]
		if strings.ContainsAny(inner, `"'\`) {
			return "", false
		}
		return inner, true
	}
	if s == "" || strings.ContainsAny(s, "#[]{}&*!|>'\"%@`,") || strings.Contains(s, ": ") {
		return "", false
	}
	if strings.ContainsRune("0123456789+-.", rune(s[0])) && !strings.Contains(s, "/") {
		// Maybe a number or a date, which YAML would not read as this
		// string; a hub id such as "01-ai/Yi-1.5-6B" is neither.
		return "", false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		return "", false
	}
	return s, true
}
