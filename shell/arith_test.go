package shell

import (
	"strings"
	"testing"
)

func TestArith(t *testing.T) {
	vars := map[string]string{"GPUS": "8", "NODES": "2", "EXPR": "GPUS*NODES", "LOOP": "LOOP", "EMPTY": "", "TEXT": "abc"}
	lookup := func(name string) (string, []string, bool) {
		v, ok := vars[name]
		return v, nil, ok
	}
	tests := []struct {
		expr string
		want int64
		err  string // part of the reason it is unknown; "" when known
	}{
		{"GPUS*NODES", 16, ""},
		{"$GPUS * ${NODES}", 16, ""},
		{"(1 + 2) * 3 - 4 / 2 % 3", 7, ""},
		{"-GPUS + +3", -5, ""},
		{"EXPR + 1", 17, ""},
		{"EMPTY + 1", 1, ""},
		{"010 + 0x10", 24, ""},
		{"7 / 2", 3, ""},
		{"-7 % 3", -1, ""},
		{"1 / 0", 0, "divides by zero"},
		{"1 % (GPUS - 8)", 0, "divides by zero"},
		{"9223372036854775807 + 1", 0, "overflows"},
		{"9223372036854775807 * 2", 0, "overflows"},
		{"99999999999999999999", 0, "overflows"},
		{"-9223372036854775807 - 1 - 1", 0, "overflows"},
		{"2 ** 3", 0, "beyond"},
		{"GPUS++", 0, "beyond"},
		{"1 < 2", 0, "beyond"},
		{"UNSET + 1", 0, "$UNSET"},
		{"LOOP", 0, "nested too deeply"},
		{"TEXT", 0, "$abc"},
		{"(1 + 2", 0, "unbalanced"},
		{strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), 0, "nested too deeply"},
		{"08", 0, "cannot read"},
		{"${GPUS:-1}", 0, "does not evaluate"},
		{"", 0, "beyond"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			a := arith{vars: lookup}
			got, err := a.eval(tt.expr)
			if tt.err == "" && (err != "" || got != tt.want) {
				t.Errorf("$((%s)) = %d (%s), want %d", tt.expr, got, err, tt.want)
			}
			if tt.err != "" && !strings.Contains(err, tt.err) {
				t.Errorf("$((%s)) = %d with reason %q, want a reason mentioning %q", tt.expr, got, err, tt.err)
			}
		})
	}
}

func TestExprBody(t *testing.T) {
	tests := []struct {
		inner, want string
		ok          bool
	}{
		{"expr 16 / $nproc_per_node", "16 / $nproc_per_node", true},
		{" expr ${GPUS} \\* 2 ", "${GPUS} * 2", true},
		{"expr 8 '*' $N", "8 * $N", true},
		{"expr $A + 0", "$A + 0", true},
		{"expr 8 * 2", "", false},      // unquoted * is a glob
		{"expr 010 + 1", "", false},    // expr reads decimal, $((…)) octal
		{"expr length abc", "", false}, // not arithmetic
		{"expr 1 + 2 + 3", "", false},
		{"nproc", "", false},
		{"expr $(nproc) / 2", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.inner, func(t *testing.T) {
			got, ok := exprBody(tt.inner)
			if got != tt.want || ok != tt.ok {
				t.Errorf("exprBody(%q) = %q, %v; want %q, %v", tt.inner, got, ok, tt.want, tt.ok)
			}
		})
	}
}
