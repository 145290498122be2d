package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
)

// TestReadmeRuleCount checks every "N rules" in the README against the rule
// table the registry generates, so the prose cannot drift from the code.
func TestReadmeRuleCount(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Count(rulesTable(), "\n| [`")
	found := regexp.MustCompile(`\b(\d+) rules\b`).FindAllStringSubmatch(string(src), -1)
	if len(found) == 0 {
		t.Fatal("the README states no rule count")
	}
	for _, m := range found {
		if got, _ := strconv.Atoi(m[1]); got != n {
			t.Errorf("the README says %q; the registry has %d rules", m[0], n)
		}
	}
}

// TestReadmeCatalogCount checks the README's "N entries" of the model
// catalog against the catalog built into the binary.
func TestReadmeCatalogCount(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	n := len(catalog.Builtin().Models())
	found := regexp.MustCompile("`catalog/models.yaml`, (\\d+) entries").FindAllStringSubmatch(string(src), -1)
	if len(found) == 0 {
		t.Fatal("the README states no catalog size")
	}
	for _, m := range found {
		if got, _ := strconv.Atoi(m[1]); got != n {
			t.Errorf("the README says %q; the catalog has %d entries", m[0], n)
		}
	}
}
