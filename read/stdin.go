package read

import (
	"path/filepath"

	"github.com/trainlint/trainlint/document"
)

// StdinPath is the input path that stands for Options.Stdin.
const StdinPath = "-"

// Stdin is a config read from standard input. Name stands for it: it
// decides how the content is recognized (a .sh name is a launch script),
// which folder relative references are resolved from, which project file
// applies, and the path reports show.
type Stdin struct {
	Name string
	Src  []byte
}

// stdinFile parses the standard-input config once, as if it were a file
// called Name.
func (l *loader) stdinFile() (*File, error) {
	in := l.opts.Stdin
	if in == nil {
		return nil, &document.Error{Path: StdinPath, Msg: "standard input is not available"}
	}
	name := in.Name
	if name == "" {
		name = "<stdin>"
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, inputError(name, err)
	}
	if f, ok := l.files[abs]; ok {
		return f, nil
	}
	f, err := Parse(relPath(name), in.Src)
	if err != nil {
		return nil, err
	}
	l.files[abs] = f
	return f, nil
}
