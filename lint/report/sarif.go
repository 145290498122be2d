package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"sort"

	"github.com/trainlint/trainlint/lint"
)

// SARIF prints a SARIF 2.1.0 log that GitHub code scanning accepts: one
// run whose driver lists every rule, and one result per finding.
type SARIF struct {
	Rules   []*lint.Rule
	Version string
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string      `json:"id"`
	Name                 string      `json:"name"`
	ShortDescription     sarifText   `json:"shortDescription"`
	FullDescription      sarifText   `json:"fullDescription"`
	Help                 sarifText   `json:"help"`
	DefaultConfiguration sarifConfig `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// Format writes the log.
func (s *SARIF) Format(w io.Writer, rep *lint.Report) error {
	rules := append(lint.DriverRules(), s.Rules...)
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	index := map[string]int{}
	driver := sarifDriver{Name: "trainlint", Version: s.Version, InformationURI: "https://github.com/trainlint/trainlint", Rules: []sarifRule{}}
	for _, r := range rules {
		if _, dup := index[r.ID]; dup {
			continue
		}
		index[r.ID] = len(driver.Rules)
		help := r.Doc.What
		if r.Doc.Why != "" {
			help += "\n\n" + r.Doc.Why
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.ID,
			ShortDescription:     sarifText{Text: clip(r.Summary)},
			FullDescription:      sarifText{Text: clip(nonEmpty(r.Doc.What, r.Summary))},
			Help:                 sarifText{Text: nonEmpty(help, r.Summary)},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		})
	}
	results := []sarifResult{}
	for _, f := range rep.Findings {
		i, ok := index[f.Rule]
		if !ok {
			continue
		}
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: filepath.ToSlash(f.File)},
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// clip keeps descriptions within SARIF's 1024-character limit.
func clip(s string) string {
	if len(s) <= 1024 {
		return s
	}
	return s[:1021] + "..."
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
