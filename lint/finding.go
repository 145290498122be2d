// Package lint is the driver: it reads the inputs into jobs, estimates each
// job once, runs the rules over it, and filters, sorts and deduplicates what
// they report. Rules only report; printing lives in lint/report.
package lint

import (
	"fmt"
	"strings"
)

// Severity orders findings; the zero value is Info.
type Severity int

// The severities, lowest first.
const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText writes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Op is what a Change does to a key.
type Op int

// The edit operations a fix can ask for.
const (
	Set    Op = iota // set the value, inserting the key (and missing parents) when absent
	Rename           // rename the key, keeping its value
	Delete           // remove the key and its value
)

// Change is one edit of a configuration file, expressed on keys rather than
// bytes so the rewriter can keep the file's formatting.
type Change struct {
	File   string   // the file to edit
	Path   []string // keys from the document root (for a launch script: the flag, e.g. "--bf16")
	Op     Op
	Value  any    // Set: the new value (bool, int, int64, float64, string, []string or map[string]any; nil: a launch script's switch, the flag alone)
	NewKey string // Rename: the new last key
}

// Safety says whether a fix keeps the training mathematics the same.
type Safety int

// Safe fixes keep what is trained; unsafe ones change the model, data or math.
const (
	Safe Safety = iota
	Unsafe
)

func (s Safety) String() string {
	if s == Unsafe {
		return "unsafe"
	}
	return "safe"
}

// MarshalText writes the safety as its name.
func (s Safety) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Fix is a suggested change with its safety and, for memory fixes, the
// predicted peak after applying it.
type Fix struct {
	Title   string   `json:"title"` // imperative: "Set `gradient_checkpointing` to true"
	Safety  Safety   `json:"applicability"`
	Changes []Change `json:"-"`
	Cost    string   `json:"cost,omitempty"` // step-time cost in words ("~+30% step time")
	// PeakAfterGiB is the predicted per-GPU peak after the fix (0 when the
	// fix is not about memory); Fits says whether that peak fits.
	PeakAfterGiB float64 `json:"peak_after_gib,omitempty"`
	Fits         bool    `json:"fits,omitempty"`
}

// Finding is one reported problem.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Notes are extra lines shown under the message (breakdown, suggestions).
	Notes []string `json:"notes,omitempty"`
	Fixes []Fix    `json:"fixes,omitempty"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Line, f.Column, f.Severity, f.Message, f.Rule)
}
