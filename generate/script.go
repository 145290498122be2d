package generate

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

// ScriptCommand returns the Path element that limits a script change to the
// launch command starting on line; without it a change applies to every
// launch command of the script.
func ScriptCommand(line int) string { return "line:" + strconv.Itoa(line) }

// ApplyScript applies changes to the program arguments of a launch script's
// commands and returns the new script. A change's Path is the flag
// (["--per_device_train_batch_size"]), optionally preceded by
// ScriptCommand(line). Set replaces the flag's value where it is written:
// the word itself, or the assignment a variable took it from (MICRO=4 for
// $MICRO); a value computed by the shell ($((32 / MICRO))) is left alone
// when earlier changes already give it the wanted value, and is an error
// otherwise. A nil Value sets a switch (argparse store_true): the flag
// alone. A missing flag is appended as the command's last argument, on
// a continuation line when the command spans several. Delete removes the
// flag and its value; Rename is not supported for scripts.
func ApplyScript(script []byte, path string, changes []lint.Change) ([]byte, error) {
	src := script
	for _, c := range changes {
		line, flag, err := scriptPath(c.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s, err := shell.Parse(path, src)
		if err != nil {
			return nil, err
		}
		var targets []int
		for i, cmd := range s.Commands {
			if line == 0 || cmd.Pos.Line == line {
				targets = append(targets, i)
			}
		}
		if len(targets) == 0 {
			return nil, fmt.Errorf("%s: no launch command starts on line %d", path, line)
		}
		for _, i := range targets {
			// Each edit moves later offsets, so parse again per command.
			s, err := shell.Parse(path, src)
			if err != nil {
				return nil, err
			}
			if i >= len(s.Commands) {
				return nil, fmt.Errorf("%s: an edit changed the script's launch commands", path)
			}
			e, err := scriptEdit(s, s.Commands[i], flag, c)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s %s: %w", path, s.Commands[i].Pos.Line, opName(c.Op), flag, err)
			}
			if e != nil {
				src = splice(src, []edit{*e})
			}
		}
	}
	return src, nil
}

func scriptPath(p []string) (line int, flag string, err error) {
	if len(p) == 2 && strings.HasPrefix(p[0], "line:") {
		line, err = strconv.Atoi(strings.TrimPrefix(p[0], "line:"))
		if err != nil || line < 1 {
			return 0, "", fmt.Errorf("bad command selector %q", p[0])
		}
		p = p[1:]
	}
	if len(p) != 1 || strings.TrimLeft(p[0], "-") == "" {
		return 0, "", fmt.Errorf("a script change names one flag, got %q", strings.Join(p, " "))
	}
	return line, "--" + strings.TrimLeft(p[0], "-"), nil
}

func scriptEdit(s *shell.Script, cmd *shell.Command, flag string, c lint.Change) (*edit, error) {
	doc := &document.Document{Src: s.Src}
	if read.KeyValueArgs(cmd) {
		return overrideEdit(doc, cmd, strings.TrimLeft(flag, "-"), c)
	}
	key, val, found := cmd.Flag(flag)
	bare := found && val.Raw == "" && val.Pos == key.Pos
	switch c.Op {
	case lint.Delete:
		if !found {
			return nil, nil
		}
		return scriptDelete(doc, key, val, bare)
	case lint.Rename:
		return nil, fmt.Errorf("renaming a flag is not supported in scripts")
	}
	if c.Value == nil {
		// A switch (argparse store_true): the flag alone.
		switch {
		case bare:
			return nil, nil
		case found:
			return nil, fmt.Errorf("the switch is written with the value %q; edit it by hand", val.Raw)
		}
		return scriptAppend(doc, cmd, flag)
	}
	text, err := shellValue(c.Value, val)
	if err != nil {
		return nil, err
	}
	if found && sameShellValue(val.Text, c.Value) {
		return nil, nil
	}
	if !found {
		return scriptAppend(doc, cmd, flag+" "+text)
	}
	if bare {
		start, ok := written(doc, key)
		if !ok {
			return nil, fmt.Errorf("the flag comes from a variable; edit it by hand")
		}
		end := start + len(key.Raw)
		return &edit{end, end, " " + text}, nil
	}
	if start, ok := written(doc, val); ok {
		if strings.HasPrefix(val.Raw, `"`) || strings.HasPrefix(val.Raw, `'`) {
			text = val.Raw[:1] + strings.Trim(text, `'`) + val.Raw[:1]
		}
		return &edit{start, start + len(val.Raw), text}, nil
	}
	// The value came from a variable: edit it where it is written.
	if val.Origin.Line > 0 && val.Known {
		at := doc.Offset(val.Origin)
		if bytes.HasPrefix(s.Src[at:], []byte(val.Text)) && !strings.HasPrefix(text, "'") {
			return &edit{at, at + len(val.Text), text}, nil
		}
	}
	return nil, fmt.Errorf("its value %q is computed by the shell; edit it by hand", val.Raw)
}

// overrideEdit sets a key=value override of a launch that takes them (tune
// run): the last word setting key is rewritten, or key=value appended.
func overrideEdit(doc *document.Document, cmd *shell.Command, key string, c lint.Change) (*edit, error) {
	var word shell.Word
	found := false
	for _, w := range cmd.Args {
		if strings.HasPrefix(w.Text, key+"=") {
			word, found = w, true
		}
	}
	if c.Op != lint.Set {
		return nil, fmt.Errorf("only setting a key=value override is supported")
	}
	old := word
	old.Text = strings.TrimPrefix(word.Text, key+"=")
	text, err := shellValue(c.Value, old)
	if err != nil {
		return nil, err
	}
	if !found {
		return scriptAppend(doc, cmd, key+"="+text)
	}
	if sameShellValue(old.Text, c.Value) {
		return nil, nil
	}
	start, ok := written(doc, word)
	if !ok || !strings.HasPrefix(word.Raw, key+"=") || strings.ContainsAny(word.Raw, `'"`) {
		return nil, fmt.Errorf("the override %q is not written plainly; edit it by hand", word.Raw)
	}
	return &edit{start + len(key) + 1, start + len(word.Raw), text}, nil
}

// written returns the offset of a word when its raw text is written at its
// position (not produced by an expansion).
func written(doc *document.Document, w shell.Word) (int, bool) {
	if w.Raw == "" || w.Pos.Line < 1 {
		return 0, false
	}
	at := doc.Offset(w.Pos)
	if !bytes.HasPrefix(doc.Src[at:], []byte(w.Raw)) || strings.ContainsAny(w.Raw, "$`") {
		return 0, false
	}
	return at, true
}

func scriptAppend(doc *document.Document, cmd *shell.Command, text string) (*edit, error) {
	last := cmd.Program
	if n := len(cmd.Args); n > 0 {
		last = cmd.Args[n-1]
	}
	at := doc.Offset(last.Pos)
	if last.Raw == "" || !bytes.HasPrefix(doc.Src[at:], []byte(last.Raw)) {
		return nil, fmt.Errorf("cannot find where the command ends")
	}
	end := at + len(last.Raw)
	if last.Pos.Line == cmd.Pos.Line {
		return &edit{end, end, " " + text}, nil
	}
	lineStart := bytes.LastIndexByte(doc.Src[:at], '\n') + 1
	indent := doc.Src[lineStart:at]
	if i := bytes.IndexFunc(indent, func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 {
		indent = indent[:i]
	}
	nl := "\n"
	if bytes.Contains(doc.Src, []byte("\r\n")) {
		nl = "\r\n"
	}
	return &edit{end, end, " \\" + nl + string(indent) + text}, nil
}

func scriptDelete(doc *document.Document, key, val shell.Word, bare bool) (*edit, error) {
	start, ok := written(doc, key)
	if !ok {
		return nil, fmt.Errorf("the flag comes from a variable; edit it by hand")
	}
	end := start + len(key.Raw)
	if !bare && val.Pos != key.Pos {
		vs, ok := written(doc, val)
		if !ok {
			vs = doc.Offset(val.Pos)
			if !bytes.HasPrefix(doc.Src[vs:], []byte(val.Raw)) {
				return nil, fmt.Errorf("cannot find the flag's value")
			}
		}
		end = vs + len(val.Raw)
	}
	src := doc.Src
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	rest := end
	for rest < len(src) && (src[rest] == ' ' || src[rest] == '\t') {
		rest++
	}
	alone := len(bytes.TrimLeft(src[lineStart:start], " \t")) == 0
	if alone && rest+1 < len(src) && src[rest] == '\\' && (src[rest+1] == '\n' || src[rest+1] == '\r') {
		// The flag has a continuation line of its own: drop the line.
		next := bytes.IndexByte(src[rest:], '\n')
		return &edit{lineStart, rest + next + 1, ""}, nil
	}
	for start > lineStart && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	return &edit{start, end, ""}, nil
}

var shellPlain = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_./:=+,@%-]+$`) })

// shellValue writes a value as one shell word, matching the capitalization
// of a boolean it replaces.
func shellValue(v any, old shell.Word) (string, error) {
	var s string
	switch x := v.(type) {
	case bool:
		s = strconv.FormatBool(x)
		if t := old.Text; t != "" && t[:1] == strings.ToUpper(t[:1]) && strings.ContainsAny(t[:1], "TF") {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
	case string:
		s = x
	case float64:
		if n, ok := intOf(x); ok {
			s = strconv.FormatInt(n, 10)
		} else {
			s = strconv.FormatFloat(x, 'g', -1, 64)
		}
	case []string:
		return "", fmt.Errorf("a list cannot be one flag value")
	case map[string]any:
		return "", fmt.Errorf("a mapping cannot be a flag value")
	default:
		n, ok := intOf(v)
		if !ok {
			return "", fmt.Errorf("unsupported value type %T", v)
		}
		s = strconv.FormatInt(n, 10)
	}
	if !shellPlain().MatchString(s) {
		s = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s, nil
}

// sameShellValue compares a flag's text with a value the way argparse
// reads it.
func sameShellValue(text string, v any) bool {
	switch x := v.(type) {
	case bool:
		switch strings.ToLower(text) {
		case "true", "yes", "1":
			return x
		case "false", "no", "0":
			return !x
		}
		return false
	case string:
		return text == x
	}
	if n, ok := intOf(v); ok {
		f, err := strconv.ParseFloat(text, 64)
		return err == nil && f == float64(n)
	}
	if f, ok := v.(float64); ok {
		g, err := strconv.ParseFloat(text, 64)
		return err == nil && g == f
	}
	return false
}
