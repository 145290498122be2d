package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/textdist"
)

// UnknownRuleID and UnusedSuppression keep suppressions honest, like
// ruff's RUF100: a suppression naming a rule that does not exist silences
// nothing, and one that silenced nothing in this run hides the next real
// finding on its line.
var (
	UnknownRuleID = &Rule{
		ID:       "unknown-rule-id",
		Severity: Warning,
		Summary:  "a suppression or the project file names a rule that does not exist",
		Doc: Doc{
			What: "Reports rule ids that no rule has: in an inline `# trainlint: ignore[...]` comment, and under `rules:` and " +
				"`ignore:` in `.trainlint.yaml`. The message suggests the closest existing id.",
			Why: "A misspelt id silences and configures nothing: the finding it was meant for is still reported, or a rule " +
				"meant to be off still runs, and the typo hides why.",
			Example:    "bf16: true  # trainlint: ignore[bf16-unsuported-gpu]",
			UseInstead: "bf16: true  # trainlint: ignore[bf16-unsupported-gpu]",
		},
	}
	UnusedSuppression = &Rule{
		ID:       "unused-suppression",
		Severity: Warning,
		Summary:  "an inline suppression silenced nothing in this run",
		Doc: Doc{
			What: "Reports an inline `# trainlint: ignore` or `# trainlint: ignore[rule]` comment (or one id in it) that " +
				"silenced no finding on its line in this run.",
			Why: "The problem it silenced was fixed, or the rule moved its finding to another line. Left in place, the " +
				"comment will silence the next real problem on that line without anyone deciding to. Delete it; turn this " +
				"rule off under `rules:` in `.trainlint.yaml` if suppressions are kept for other tools' runs.",
			Example:    "bf16: false  # trainlint: ignore[bf16-unsupported-gpu]",
			UseInstead: "bf16: false",
		},
	}
)

// suppressComment matches an inline suppression:
// "# trainlint: ignore" or "# trainlint: ignore[rule-a, rule-b]".
var suppressComment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`trainlint:\s*ignore(?:\[([^\]]*)\])?`) })

// comment is one inline suppression found on a line.
type comment struct {
	col   int      // 1-based column of "trainlint:"
	ids   []string // empty: every rule
	idCol []int    // 1-based column of each id
}

// parseSuppression finds the suppression comment of a line.
func parseSuppression(line string) (comment, bool) {
	i := strings.IndexByte(line, '#')
	if i < 0 {
		return comment{}, false
	}
	m := suppressComment().FindStringSubmatchIndex(line[i:])
	if m == nil {
		return comment{}, false
	}
	c := comment{col: len([]rune(line[:i+m[0]])) + 1}
	if m[2] < 0 {
		return c, true
	}
	start := i + m[2]
	for _, part := range strings.Split(line[start:i+m[3]], ",") {
		id := strings.TrimSpace(part)
		if id != "" {
			off := start + strings.Index(part, id)
			c.ids = append(c.ids, id)
			c.idCol = append(c.idCol, len([]rune(line[:off]))+1)
		}
		start += len(part) + 1
	}
	if len(c.ids) == 0 {
		c.ids, c.idCol = nil, nil
	}
	return c, true
}

// suppressions applies inline suppressions to a run's findings and
// remembers which ones silenced something.
type suppressions struct {
	used map[string]bool // "file\x00line\x00rule" (rule "" for a blanket comment)
}

func newSuppressions() *suppressions { return &suppressions{used: map[string]bool{}} }

func useKey(file string, line int, rule string) string {
	return fmt.Sprintf("%s\x00%d\x00%s", file, line, rule)
}

// suppress reports whether the finding's line carries an inline
// suppression comment naming its rule (or naming none), and records it.
func (s *suppressions) suppress(job *read.Job, f Finding) bool {
	file := job.File(f.File)
	if file == nil {
		return false
	}
	c, ok := parseSuppression(file.Line(f.Line))
	if !ok {
		return false
	}
	if len(c.ids) == 0 {
		s.used[useKey(f.File, f.Line, "")] = true
		return true
	}
	for _, id := range c.ids {
		if id == f.Rule {
			s.used[useKey(f.File, f.Line, id)] = true
			return true
		}
	}
	return false
}

// hygiene reports suppressions naming unknown rules, inline suppressions
// that silenced nothing, and unknown rule ids in the jobs' project files.
// known holds every rule id of the run.
func (s *suppressions) hygiene(jobs []*read.Job, known map[string]bool) []Finding {
	ids := make([]string, 0, len(known))
	for id := range known {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Finding
	emit := func(job *read.Job, f Finding) {
		sev, on := driverSeverity(job, f.Rule)
		if !on || job.Project.Ignored(f.File, f.Rule) {
			return
		}
		f.Severity = sev
		out = append(out, f)
	}
	files := map[string]bool{}
	projects := map[string]bool{}
	for _, job := range jobs {
		if pf := job.Project; pf != nil && !projects[pf.Path] {
			projects[pf.Path] = true
			for _, ref := range pf.RuleRefs {
				if known[ref.ID] || ref.Node == nil {
					continue
				}
				pos := document.NodePos(ref.Node)
				emit(job, Finding{File: pf.Path, Line: pos.Line, Column: pos.Column, Rule: UnknownRuleID.ID,
					Message: unknownMessage(ref.ID, ids)})
			}
		}
		for _, file := range job.Files() {
			if files[file.Path] {
				continue
			}
			files[file.Path] = true
			for n, line := range sourceLines(file) {
				c, ok := parseSuppression(line)
				if !ok {
					continue
				}
				n++
				if len(c.ids) == 0 {
					if !s.used[useKey(file.Path, n, "")] {
						emit(job, Finding{File: file.Path, Line: n, Column: c.col, Rule: UnusedSuppression.ID,
							Message: "this \"trainlint: ignore\" comment silenced no finding on its line; delete it"})
					}
					continue
				}
				for i, id := range c.ids {
					switch {
					case !known[id]:
						emit(job, Finding{File: file.Path, Line: n, Column: c.idCol[i], Rule: UnknownRuleID.ID,
							Message: unknownMessage(id, ids)})
					case !s.used[useKey(file.Path, n, id)]:
						emit(job, Finding{File: file.Path, Line: n, Column: c.idCol[i], Rule: UnusedSuppression.ID,
							Message: fmt.Sprintf("the suppression of %q silenced no finding on its line; delete it", id)})
					}
				}
			}
		}
	}
	return out
}

// sourceLines splits a file's text into lines.
func sourceLines(f *read.File) []string {
	var src []byte
	switch {
	case f.Doc != nil:
		src = f.Doc.Src
	case f.Script != nil:
		src = f.Script.Src
	}
	if len(src) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
}

// unknownMessage names the unknown id and the closest known one.
func unknownMessage(id string, known []string) string {
	msg := fmt.Sprintf("no rule is named %q", id)
	best, bestD := "", 1<<30
	for _, k := range known {
		if d := textdist.Levenshtein(id, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" && bestD <= max(2, len(id)/3) {
		msg += fmt.Sprintf("; did you mean %q?", best)
	} else {
		msg += " (list them with trainlint rules)"
	}
	return msg
}

// driverSeverity applies the project file's severity override to a driver
// rule's finding; "off" drops it.
func driverSeverity(job *read.Job, id string) (Severity, bool) {
	def := Warning
	for _, r := range DriverRules() {
		if r.ID == id {
			def = r.Severity
		}
	}
	if job.Project == nil {
		return def, true
	}
	s, ok := job.Project.Severity[id]
	if !ok {
		return def, true
	}
	if s == "off" {
		return def, false
	}
	if sev, err := ParseSeverity(s); err == nil {
		return sev, true
	}
	return def, true
}
