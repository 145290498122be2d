package catalog

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// A lint run looks up one GPU and one model, and decoding every entry of the embedded YAML cost more than the
// rest of the run. So the builtin catalog is only indexed at first: each entry's name and aliases are read from
// its text, and the entry is decoded and checked when it is first looked up. TestBuiltinMatchesParse checks the
// result against the eager parse of the same data.

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

// lazyData holds the undecoded entries of the builtin catalog, parallel to Catalog.gpus and Catalog.models,
// which hold only the names and aliases until then.
type lazyData struct {
	gpus   []*lazyEntry[GPU]
	models []*lazyEntry[Model]
}

// indexBuiltin builds the catalog of the embedded data without decoding its entries.
func indexBuiltin(gpuData, modelData string) (*Catalog, error) {
	gpus, gpuStubs, err := indexEntries(gpuData, "name", decodeGPU, func(g GPU) string { return g.Name },
		func(name string, aliases []string) GPU { return GPU{Name: name, Aliases: aliases} })
	if err != nil {
		return nil, fmt.Errorf("gpus.yaml: %w", err)
	}
	models, modelStubs, err := indexEntries(modelData, "id", decodeModel, func(m Model) string { return m.ID },
		func(id string, aliases []string) Model { return Model{ID: id, Aliases: aliases} })
	if err != nil {
		return nil, fmt.Errorf("models.yaml: %w", err)
	}
	// checkKeys runs in parse, which TestBuiltinMatchesParse runs on the same data.
	c := &Catalog{gpus: gpuStubs, models: modelStubs, lazy: &lazyData{gpus: gpus, models: models}}
	c.gpuKeys = index(c.gpus, func(g GPU) (string, []string) { return g.Name, g.Aliases }, nil)
	c.modelKeys = index(c.models, func(m Model) (string, []string) { return m.ID, m.Aliases }, nil)
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

// indexEntries splits a catalog file into its entries, sorted by name as With sorts them, with a stub per entry
// holding its name and aliases. An entry whose keys are written in a form the scan does not read is decoded now.
func indexEntries[T any](data string, nameKey string, decode func([]byte) (T, error), nameOf func(T) string,
	stub func(string, []string) T) ([]*lazyEntry[T], []T, error) {
	type item struct {
		key     string // lookupKey(name), computed once for the sort
		name    string
		aliases []string
		entry   *lazyEntry[T]
		decoded bool // the entry was decoded now; its value is the stub
	}
	// The entries and their keys are slices of the file's text.
	srcs := splitEntries(data)
	items := make([]item, 0, len(srcs))
	all := make([]lazyEntry[T], len(srcs))
	for i, src := range srcs {
		e := &all[i]
		e.src, e.decode = src, decode
		name, aliases, ok := scanKeys(src, nameKey)
		if !ok {
			v, err := decode([]byte(src))
			if err != nil {
				return nil, nil, err
			}
			e.once.Do(func() { e.val = &v })
			items = append(items, item{key: lookupKey(nameOf(v)), name: nameOf(v), entry: e, decoded: true})
			continue
		}
		items = append(items, item{key: lookupKey(name), name: name, aliases: aliases, entry: e})
	}
	// The order of compareNames.
	slices.SortStableFunc(items, func(a, b item) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	entries := make([]*lazyEntry[T], len(items))
	stubs := make([]T, len(items))
	for i, it := range items {
		entries[i] = it.entry
		if it.decoded {
			stubs[i] = *it.entry.val
		} else {
			stubs[i] = stub(it.name, it.aliases)
		}
	}
	return entries, stubs, nil
}

// splitEntries cuts a YAML sequence of mappings at every line that starts with "- ", dropping what comes before
// the first entry (the header comment).
func splitEntries(data string) []string {
	var out []string
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
				out = append(out, data[start:i])
			}
			start = i
		}
		i += end
	}
	if start >= 0 {
		out = append(out, data[start:])
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
