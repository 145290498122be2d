package lint

import (
	"errors"

	"github.com/trainlint/trainlint/document"
)

// InputError is reported by the driver for a file it could not read:
// unreadable, not UTF-8, invalid JSON or YAML, over a size limit, or naming
// a file that is missing or of the wrong kind. It is listed with the rules
// so every output format, `trainlint rules` and `trainlint explain` name it.
var InputError = &Rule{
	ID:       "input-error",
	Severity: Error,
	Summary:  "a file cannot be read, parsed or resolved, so nothing in it is checked",
	Doc: Doc{
		What: "Reports a file trainlint could not read: it cannot be opened, is binary or not UTF-8, is not valid JSON or YAML, " +
			"goes over a size, depth or alias limit, or names a file (a DeepSpeed config, an Accelerate config, a model's " +
			"config.json) that is missing or of the wrong kind. The finding points at the file, line and column of the problem.",
		Why: "A file that cannot be read is not checked at all, so it must not pass silently: the finding is an error and " +
			"makes the exit code 1 like any other error, in every output format. A missing referenced file usually means " +
			"the job is launched from another folder than the one the paths were written for.",
		Example:    `{"train_micro_batch_size_per_gpu": 4, "zero_optimization": {"stage": 3}  # the last brace is missing`,
		UseInstead: `{"train_micro_batch_size_per_gpu": 4, "zero_optimization": {"stage": 3}}`,
	},
}

// InputFinding turns an input error that names a file into an input-error
// finding at the error's position (1:1 when it has none). Errors naming no
// file (a bad --model on the command line) are not findings: ok is false.
func InputFinding(err error) (f Finding, ok bool) {
	var de *document.Error
	if !errors.As(err, &de) || de.Path == "" {
		return Finding{}, false
	}
	f = Finding{File: de.Path, Line: max(1, de.Pos.Line), Column: max(1, de.Pos.Column),
		Rule: InputError.ID, Severity: InputError.Severity, Message: de.Msg}
	if de.Hint != "" {
		f.Message += " (" + de.Hint + ")"
	}
	return f, true
}
