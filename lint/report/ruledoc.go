package report

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// docsBase is where the rule pages live: docs/rules/<id>.md in the
// repository, generated from the registry (go test ./cmd/trainlint -run
// TestRuleDocs -update), so a rule's URL is stable for as long as its id is.
const docsBase = "https://github.com/trainlint/trainlint/blob/main/docs/rules/"

// DocURL is the documentation page of a rule.
func DocURL(id string) string { return docsBase + id + ".md" }

// RuleMarkdown renders a rule's documentation as a Markdown page: the
// sections of `trainlint explain`, with the examples as code blocks.
func RuleMarkdown(r *lint.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fix := ""
	if r.Fixable {
		fix = " · findings carry a fix"
	}
	fmt.Fprintf(&b, "Default severity: **%s**%s\n\n> %s\n", r.Severity, fix, r.Summary)
	section := func(title, body string, code bool) {
		body = strings.TrimSpace(body)
		if body == "" {
			return
		}
		if code {
			body = "```\n" + body + "\n```"
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", title, body)
	}
	section("What it does", r.Doc.What, false)
	section("Why is this bad?", r.Doc.Why, false)
	section("Example", r.Doc.Example, true)
	section("Use instead", r.Doc.UseInstead, true)
	section("Fix safety", r.Doc.FixSafety, false)
	if len(r.Doc.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.Doc.References {
			fmt.Fprintf(&b, "- %s\n", ref)
		}
	}
	fmt.Fprintf(&b, "\nSuppress it on one line with `# trainlint: ignore[%s]`, or in `.trainlint.yaml` under `rules:` or `ignore:`.\n", r.ID)
	return b.String()
}
