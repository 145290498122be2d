package shell

import (
	"regexp"
	"strconv"
	"strings"
)

// tri is a three-valued truth: a test over unknown values is unknown.
type tri int

const (
	unknown tri = iota
	yes
	no
)

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

func (t tri) not() tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// test evaluates an if condition that is a single [ … ], [[ … ]] or test
// command over known values; anything else is unknown.
func (r *reader) test(words []*word, negate bool) tri {
	pattern := r.literal(words[0]) == "[["
	var args []string
	for _, w := range words {
		segs := r.x.parts(w.parts)
		if pattern {
			// [[ ]] neither splits words nor drops empty ones.
			if !known(segs) {
				return unknown
			}
			args = append(args, joinText(segs))
			continue
		}
		for _, f := range fields(segs) {
			if !known(f) {
				return unknown
			}
			args = append(args, joinText(f))
		}
	}
	n := len(args)
	switch {
	case n >= 2 && args[0] == "[" && args[n-1] == "]", n >= 2 && pattern && args[n-1] == "]]":
		args = args[1 : n-1]
	case n >= 1 && args[0] == "test":
		args = args[1:]
	default:
		return unknown
	}
	t := evalTest(args, pattern)
	if negate {
		t = t.not()
	}
	return t
}

// evalTest evaluates the operands of a test: string emptiness, string
// equality and integer comparison. File tests and compound expressions are
// unknown.
func evalTest(args []string, pattern bool) tri {
	neg := false
	for len(args) > 1 && args[0] == "!" {
		neg, args = !neg, args[1:]
	}
	t := unknown
	switch len(args) {
	case 0:
		t = no
	case 1:
		t = truth(args[0] != "")
	case 2:
		switch args[0] {
		case "-z":
			t = truth(args[1] == "")
		case "-n":
			t = truth(args[1] != "")
		}
	case 3:
		t = compare(args[0], args[1], args[2], pattern)
	}
	if neg {
		t = t.not()
	}
	return t
}

func compare(a, op, b string, pattern bool) tri {
	switch op {
	case "=", "==", "!=":
		if pattern && strings.ContainsAny(b, "*?[") {
			return unknown
		}
		eq := truth(a == b)
		if op == "!=" {
			return eq.not()
		}
		return eq
	}
	x, errA := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	y, errB := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if errA != nil || errB != nil {
		return unknown
	}
	switch op {
	case "-eq":
		return truth(x == y)
	case "-ne":
		return truth(x != y)
	case "-lt":
		return truth(x < y)
	case "-le":
		return truth(x <= y)
	case "-gt":
		return truth(x > y)
	case "-ge":
		return truth(x >= y)
	}
	return unknown
}

// globMatch matches a case pattern: * and ? and [...] (with ! or ^ to
// negate) as in bash, where * also matches /.
func globMatch(pattern, s string) bool {
	var re strings.Builder
	re.WriteString("^(?s:")
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		case '[':
			end := i + 1
			for end < len(rs) && rs[end] != ']' {
				end++
			}
			if end == len(rs) {
				re.WriteString(`\[`)
				continue
			}
			class := string(rs[i+1 : end])
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			re.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i = end
		case '\\':
			if i+1 < len(rs) {
				i++
				re.WriteString(regexp.QuoteMeta(string(rs[i])))
			}
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString(")$")
	m, err := regexp.MatchString(re.String(), s)
	return err == nil && m
}
