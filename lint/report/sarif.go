package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/lint"
)

// SARIF prints a SARIF 2.1.0 log for GitHub code scanning: one run whose
// driver lists every rule (with its documentation and default level), and
// one result per finding. Paths are relative to Root (the %SRCROOT% base),
// and each result carries a fingerprint that survives lines moving.
type SARIF struct {
	Rules   []*lint.Rule
	Version string
	// Root is the absolute folder artifact URIs are relative to (the
	// repository root); empty: paths are written as the findings give them.
	Root string
}

// srcRoot is the uriBaseId of paths below SARIF.Root.
const srcRoot = "%SRCROOT%"

// fingerprintKey names trainlint's fingerprint in partialFingerprints;
// GitHub code scanning reads this key and computes it itself only when it
// is missing.
const fingerprintKey = "primaryLocationLineHash"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
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

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string      `json:"id"`
	Name                 string      `json:"name"`
	ShortDescription     sarifText   `json:"shortDescription"`
	FullDescription      sarifText   `json:"fullDescription"`
	Help                 sarifHelp   `json:"help"`
	HelpURI              string      `json:"helpUri"`
	DefaultConfiguration sarifConfig `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
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
	// A finding of a rule the list lacks still gets a result: its rule is
	// listed with what the finding says about it.
	listed := map[string]bool{}
	for _, r := range rules {
		listed[r.ID] = true
	}
	for _, f := range rep.Findings {
		if !listed[f.Rule] {
			listed[f.Rule] = true
			rules = append(rules, &lint.Rule{ID: f.Rule, Severity: f.Severity, Summary: f.Rule})
		}
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	index := map[string]int{}
	driver := sarifDriver{Name: "trainlint", Version: s.Version, InformationURI: "https://github.com/trainlint/trainlint", Rules: []sarifRule{}}
	for _, r := range rules {
		if _, dup := index[r.ID]; dup {
			continue
		}
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.ID,
			ShortDescription:     sarifText{Text: clip(r.Summary)},
			FullDescription:      sarifText{Text: clip(nonEmpty(r.Doc.What, r.Summary))},
			Help:                 sarifHelp{Text: lint.Explain(r), Markdown: RuleMarkdown(r)},
			HelpURI:              DocURL(r.ID),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	if s.Root != "" {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(s.Root)}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // a Windows drive letter
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {URI: u.String()}}
	}
	seen := map[string]int{}
	for _, f := range rep.Findings {
		i := index[f.Rule]
		art := s.artifact(f.File)
		key := fingerprint(f.Rule, art.URI, sourceLine(rep, f.File, f.Line))
		seen[key]++
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: art,
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{fingerprintKey: key + ":" + strconv.Itoa(seen[key])},
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// artifact locates a file: relative to %SRCROOT% when it lies below Root,
// else by its path as given (absolute paths as file URIs).
func (s *SARIF) artifact(path string) sarifArtifact {
	if s.Root != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if rel, err := filepath.Rel(s.Root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return sarifArtifact{URI: escapePath(filepath.ToSlash(rel)), URIBaseID: srcRoot}
			}
		}
	}
	if filepath.IsAbs(path) {
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()}
	}
	return sarifArtifact{URI: escapePath(filepath.ToSlash(path))}
}

// escapePath makes a relative slash path a valid URI reference.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// fingerprint identifies a finding by what it is about rather than where:
// the rule, the file and the text of its line without surrounding blanks.
// A finding keeps its fingerprint when lines are added above it; repeats
// of one key are told apart by their order (the ":n" suffix).
func fingerprint(rule, uri, line string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + uri + "\x00" + strings.TrimSpace(line)))
	return hex.EncodeToString(h[:8])
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
