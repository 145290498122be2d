package schemas

import (
	"sync"
	"testing"

	"github.com/trainlint/trainlint/document"
)

// TestLazyCompileIsSafeForConcurrentUse validates from several goroutines
// against a fresh schema whose properties compile on first use (run with
// -race).
func TestLazyCompileIsSafeForConcurrentUse(t *testing.T) {
	d, err := document.Parse("ds.json", []byte(`{"zero_optimization": {"stage": 9, "offload_param": {"device": "cpu"}}, "bf16": {"enabled": "x"}}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := get("deepspeed")
	if err != nil {
		t.Fatal(err)
	}
	top, err := topLevel(c.src)
	if err != nil {
		t.Fatal(err)
	}
	root, err := compileSchema("deepspeed", top)
	if err != nil {
		t.Fatal(err)
	}
	inst := toValue(d.Root, 0, false)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if f := root.validate(inst, "", 0); f == nil {
				t.Error("no failure for a wrong stage and a string flag")
			}
		}()
	}
	wg.Wait()
}

// compileAll compiles every node reachable from n, so a schema error shows
// in the tests rather than on first use.
func compileAll(n *node, seen map[*node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	n.ensure()
	for _, k := range n.propNames {
		compileAll(n.properties[k], seen)
	}
	for _, c := range append(append([]*node{n.additional, n.items, n.ref, n.ifS, n.thenS, n.elseS}, n.anyOf...), n.oneOf...) {
		compileAll(c, seen)
	}
}
