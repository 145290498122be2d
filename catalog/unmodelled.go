package catalog

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed unmodelled.yaml
var unmodelledYAML []byte

// Unmodelled is a model people fine-tune that the catalog knows of and does not model, with why, so a job naming
// it is told the reason instead of only "unknown".
type Unmodelled struct {
	ID      string   `yaml:"id"`
	Aliases []string `yaml:"aliases"`
	Why     string   `yaml:"why"`
}

// unmodelled is the embedded list, decoded once.
var unmodelled = sync.OnceValue(func() []Unmodelled {
	l, err := parseUnmodelled(unmodelledYAML)
	if err != nil {
		// The embedded file is part of the binary and covered by tests; reaching this is a build defect.
		panic(fmt.Sprintf("catalog: embedded unmodelled.yaml is invalid: %v", err))
	}
	return l
})

func parseUnmodelled(data []byte) ([]Unmodelled, error) {
	var l []Unmodelled
	if err := decodeStrict(data, &l); err != nil {
		return nil, fmt.Errorf("unmodelled.yaml: %w", err)
	}
	for _, u := range l {
		if u.ID == "" || strings.TrimSpace(u.Why) == "" {
			return nil, fmt.Errorf("unmodelled.yaml: an entry lacks its id or why (%q)", u.ID)
		}
	}
	return l, nil
}

// NotModelled finds a model the catalog deliberately does not model by its hub id, an alias, or the last folder
// of a path, ignoring case. ok is false for any other name.
func NotModelled(name string) (u Unmodelled, ok bool) {
	key := lookupKey(strings.TrimRight(strings.TrimSpace(name), "/"))
	base := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		base = key[i+1:]
	}
	for _, u := range unmodelled() {
		for _, k := range append([]string{u.ID}, u.Aliases...) {
			k = lookupKey(k)
			_, kb, _ := strings.Cut(k, "/")
			if k == key || k == base || (kb != "" && kb == base) {
				return u, true
			}
		}
	}
	return Unmodelled{}, false
}
