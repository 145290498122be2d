package lint

import (
	"fmt"
	"strings"
)

// Explain renders a rule's documentation in its fixed sections.
func Explain(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s", r.ID, r.Severity)
	if r.Fixable {
		b.WriteString(", fixable")
	}
	fmt.Fprintf(&b, ")\n\n%s\n", r.Summary)
	section := func(title, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		fmt.Fprintf(&b, "\n## %s\n%s\n", title, strings.TrimRight(body, "\n"))
	}
	section("What it does", r.Doc.What)
	section("Why is this bad?", r.Doc.Why)
	section("Example", r.Doc.Example)
	section("Use instead", r.Doc.UseInstead)
	section("Fix safety", r.Doc.FixSafety)
	if len(r.Doc.References) > 0 {
		b.WriteString("\n## References\n")
		for _, ref := range r.Doc.References {
			fmt.Fprintf(&b, "- %s\n", ref)
		}
	}
	return b.String()
}
