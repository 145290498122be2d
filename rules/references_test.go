package rules_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/rules"
)

// upstreamRef is a reference to upstream code: "owner/repo …".
var upstreamRef = regexp.MustCompile(`^[A-Za-z0-9][\w.-]*/[\w.-]+ `)

// refVersion is a release (v0.19, 2.3, v5.x) or a commit in a reference.
var refVersion = regexp.MustCompile(`\bv\d|\b\d+\.(\d+|x)\b|\bat [0-9a-f]{7}|@[0-9a-f]{7}`)

// TestReferencesNameVersions checks that every reference to upstream code
// says which release (or commit) it was read in, since a claim about
// "what the library does" only holds for a version.
func TestReferencesNameVersions(t *testing.T) {
	for _, r := range rules.All() {
		for _, ref := range r.Doc.References {
			own := strings.HasPrefix(ref, "schemas/") // trainlint's own files
			if upstreamRef.MatchString(ref) && !own && !refVersion.MatchString(ref) {
				t.Errorf("%s: reference %q names no release or commit", r.ID, ref)
			}
		}
	}
}
