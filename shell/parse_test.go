package shell

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
)

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
		want string
	}{
		{"binary", []byte("deepspeed t.py\x00\x01"), "binary"},
		{"too big", []byte(strings.Repeat("#", MaxFileSize+1)), "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.sh", tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.sh") {
				t.Errorf("Parse = %v, want an error naming bad.sh and mentioning %q", err, tt.want)
			}
		})
	}
}

// TestParseTolerates checks that broken or unusual scripts parse without
// error, and whether a launch is still found in them.
func TestParseTolerates(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		commands int
	}{
		{"empty", "", 0},
		{"unterminated single quote", "torchrun t.py --a 'x", 1},
		{"unterminated double quote", "torchrun t.py --a \"x", 1},
		{"unterminated substitution", "torchrun t.py --a $(echo", 1},
		{"unterminated brace", "torchrun t.py --a ${X:-", 1},
		{"unterminated heredoc", "cat <<EOF\ntorchrun t.py\n", 0},
		{"stray closers", "fi\ndone\n}\n)\nesac\ntorchrun t.py", 1},
		{"crlf", "X=2\r\ntorchrun --nproc_per_node $X \\\r\n  t.py\r\n", 1},
		{"deep nesting", "X=" + strings.Repeat("${A:-", 5000) + strings.Repeat("}", 5000) + "\ntorchrun t.py", 1},
		{"deep subshells", strings.Repeat("(", 5000) + "torchrun t.py" + strings.Repeat(")", 5000), 1},
		{"self reference", "X=$X\nX=$X$X$X\ntorchrun t.py $X", 1},
		{"eval loop", "C='eval \"$C\"'\neval \"$C\"\ntorchrun t.py", 1},
		{"launch in substitution", "N=$(torchrun t.py)\nX=`deepspeed t.py`", 0},
		{"array", "A=(1 2 3)\ntorchrun t.py ${A[@]}", 1},
		{"eval of an open quote", "eval \"torchrun t.py '\"", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("t.sh", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Commands) != tt.commands {
				t.Errorf("%d commands, want %d", len(sc.Commands), tt.commands)
			}
		})
	}
}

// TestExpansionBudget checks that a value doubling itself stays bounded.
func TestExpansionBudget(t *testing.T) {
	src := "X=abcdefghij\n" + strings.Repeat("X=$X$X\n", 40) + "torchrun t.py $X $X $X\n"
	sc, err := Parse("t.sh", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Commands) != 1 {
		t.Fatalf("%d commands, want 1", len(sc.Commands))
	}
	for _, w := range sc.Commands[0].Args {
		if w.Known {
			t.Errorf("an argument of %d bytes is known; values over %d bytes should become unknown", len(w.Text), maxValueLen)
		}
	}
}

// TestByteOrderMark checks that a leading byte order mark is not counted as
// a column, as in the document package.
func TestByteOrderMark(t *testing.T) {
	c := only(t, "\ufefftorchrun t.py --lr 1")
	if want := (document.Pos{Line: 1, Column: 1}); c.Pos != want {
		t.Errorf("command at %s, want %s", c.Pos, want)
	}
}
