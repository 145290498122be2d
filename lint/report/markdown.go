package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
)

// Markdown prints a summary for $GITHUB_STEP_SUMMARY and pull-request
// comments: the totals, then per job a table of the predicted peak against
// the GPU's memory (with a text bar) and a table of its top findings with
// their fixes; findings in no job's files (files that could not be read,
// the project file) follow in their own table.
type Markdown struct{}

// markdownTop is how many findings a job's table shows; the rest are
// counted.
const markdownTop = 5

// Format writes the summary.
func (Markdown) Format(w io.Writer, rep *lint.Report) error {
	var b strings.Builder
	counts := map[lint.Severity]int{}
	for _, f := range rep.Findings {
		counts[f.Severity]++
	}
	b.WriteString("## trainlint\n\n")
	switch {
	case len(rep.Jobs) == 0 && len(rep.Findings) == 0:
		b.WriteString("No training config found.\n")
	case len(rep.Findings) == 0:
		fmt.Fprintf(&b, "%s checked, no findings.\n", plural(len(rep.Jobs), "job"))
	default:
		fmt.Fprintf(&b, "%s checked: **%s**, %s, %s.\n", plural(len(rep.Jobs), "job"),
			plural(counts[lint.Error], "error"), plural(counts[lint.Warning], "warning"), plural(counts[lint.Info], "info"))
	}
	inJob := map[int]bool{}
	for _, jr := range rep.Jobs {
		files := map[string]bool{}
		for _, f := range jr.Job.Files() {
			files[f.Path] = true
		}
		var mine []lint.Finding
		for i, f := range rep.Findings {
			if files[f.File] {
				mine = append(mine, f)
				inJob[i] = true
			}
		}
		fmt.Fprintf(&b, "\n### `%s`\n\n", jr.Job.Primary.Path)
		memoryTable(&b, jr)
		findingsTable(&b, mine)
	}
	var rest []lint.Finding
	for i, f := range rep.Findings {
		if !inJob[i] {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		b.WriteString("\n### Other files\n\n")
		findingsTable(&b, rest)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// memoryTable shows the predicted per-GPU peak against the card.
func memoryTable(b *strings.Builder, jr *lint.JobResult) {
	r := jr.Estimate
	if r == nil {
		why := "no GPU declared (--gpu or hardware.gpu in .trainlint.yaml)"
		switch {
		case jr.EstimateErr != nil:
			why = jr.EstimateErr.Error()
		case jr.Job.Plan.Hardware.GPU.Set:
			why = "the model is unknown (--model or model: in .trainlint.yaml)"
		}
		fmt.Fprintf(b, "Memory not estimated: %s.\n\n", cell(why))
		return
	}
	p := jr.Job.Plan
	verdict := "fits"
	switch r.Verdict() {
	case estimate.Tight:
		verdict = fmt.Sprintf("**tight** (%+.1f%% headroom, %s)", 100*r.Margin(), r.TightWhy())
	case estimate.DoesNotFit:
		verdict = "**does not fit**"
	}
	b.WriteString("| model | GPUs | peak per GPU | memory of the card | |\n| --- | --- | --- | --- | --- |\n")
	fmt.Fprintf(b, "| %s | %d × %s | %.1f GiB (%s) | `%s` of %.1f GiB | %s |\n",
		cell(p.Model.V.ID), r.GPUs, cell(r.GPU.Name), r.Peak/estimate.GiB, cell(r.PeakPhase),
		bar(r.Peak, r.Capacity), r.Capacity/estimate.GiB, verdict)
	b.WriteString("\n")
	if l, err := estimate.FindLimits(p); err == nil {
		fmt.Fprintf(b, "Limits on this card: %s.\n\n", cell(l.String()))
	}
}

// findingsTable lists the most severe findings first, each with its first
// fix.
func findingsTable(b *strings.Builder, fs []lint.Finding) {
	if len(fs) == 0 {
		b.WriteString("No findings.\n")
		return
	}
	fs = append([]lint.Finding(nil), fs...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	b.WriteString("| severity | where | finding | fix |\n| --- | --- | --- | --- |\n")
	for i, f := range fs {
		if i == markdownTop {
			fmt.Fprintf(b, "\n…and %d more (see the full report).\n", len(fs)-markdownTop)
			break
		}
		fix := ""
		if len(f.Fixes) > 0 {
			fix = f.Fixes[0].Safety.String() + ": " + fixLine(f.Fixes[0])
		}
		fmt.Fprintf(b, "| %s | `%s:%d:%d` | %s [%s](%s) | %s |\n", f.Severity, cell(f.File), f.Line, f.Column,
			cell(f.Message), f.Rule, DocURL(f.Rule), cell(fix))
	}
}

// bar draws use against capacity as ten cells and a percentage:
// "██████░░░░ 62%"; over capacity all cells are full.
func bar(use, capacity float64) string {
	if capacity <= 0 {
		return "?"
	}
	share := use / capacity
	n := int(math.Round(math.Min(share, 1) * 10))
	return strings.Repeat("█", n) + strings.Repeat("░", 10-n) + fmt.Sprintf(" %.0f%%", share*100)
}

// cell keeps text inside one Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
}
