package shell

import (
	"math"
	"strconv"
	"strings"
)

// arith evaluates the integer arithmetic launch scripts use to derive
// process counts ($((GPUS_PER_NODE*NNODES))): + - * / % and parentheses over
// numbers and variables. Anything else — other operators, unset variables,
// division by zero, overflow — makes the result unknown instead of wrong.
type arith struct {
	vars      func(name string) (text string, defaulted []string, ok bool)
	defaulted []string
	src       string
	i         int
	depth     int
	err       string // why the result is unknown; the first reason wins
}

// eval returns the value of expr, or a non-empty reason it is unknown.
func (a *arith) eval(expr string) (int64, string) {
	sub := arith{vars: a.vars, src: expr, depth: a.depth}
	n := sub.expr()
	sub.blank()
	if sub.err == "" && sub.i < len(sub.src) {
		sub.err = sub.whole() + " uses arithmetic beyond + - * / %"
	}
	a.defaulted = append(a.defaulted, sub.defaulted...)
	if sub.err != "" {
		return 0, sub.err
	}
	return n, ""
}

func (a *arith) fail(msg string) int64 {
	if a.err == "" {
		a.err = msg
	}
	return 0
}

func (a *arith) whole() string { return "$((" + abbrev(a.src) + "))" }

func (a *arith) blank() {
	for a.i < len(a.src) && strings.IndexByte(" \t\n\r", a.src[a.i]) >= 0 {
		a.i++
	}
}

// peekOp returns the operator at the cursor, refusing ** and the
// increment/decrement operators, which this subset does not evaluate.
func (a *arith) peekOp() byte {
	a.blank()
	if a.i >= len(a.src) {
		return 0
	}
	c := a.src[a.i]
	if a.i+1 < len(a.src) && (c == '*' || c == '+' || c == '-') && a.src[a.i+1] == c {
		a.fail(a.whole() + " uses arithmetic beyond + - * / %")
		return 0
	}
	return c
}

func (a *arith) expr() int64 {
	n := a.term()
	for a.err == "" {
		switch op := a.peekOp(); op {
		case '+', '-':
			a.i++
			m := a.term()
			if op == '-' {
				if m == math.MinInt64 {
					return a.fail(a.whole() + " overflows")
				}
				m = -m
			}
			if (m > 0 && n > math.MaxInt64-m) || (m < 0 && n < math.MinInt64-m) {
				return a.fail(a.whole() + " overflows")
			}
			n += m
		default:
			return n
		}
	}
	return 0
}

func (a *arith) term() int64 {
	n := a.unary()
	for a.err == "" {
		op := a.peekOp()
		if op != '*' && op != '/' && op != '%' {
			return n
		}
		a.i++
		m := a.unary()
		switch {
		case a.err != "":
		case op == '*':
			if n != 0 && m != 0 && (n*m/m != n || (n == -1 && m == math.MinInt64) || (m == -1 && n == math.MinInt64)) {
				return a.fail(a.whole() + " overflows")
			}
			n *= m
		case m == 0:
			return a.fail(a.whole() + " divides by zero")
		case m == -1 && n == math.MinInt64:
			return a.fail(a.whole() + " overflows")
		case op == '/':
			n /= m
		default:
			n %= m
		}
	}
	return 0
}

func (a *arith) unary() int64 {
	if a.depth++; a.depth > maxArithDepth {
		return a.fail(a.whole() + " is nested too deeply")
	}
	defer func() { a.depth-- }()
	switch a.peekOp() {
	case '+':
		a.i++
		return a.unary()
	case '-':
		a.i++
		n := a.unary()
		if n == math.MinInt64 {
			return a.fail(a.whole() + " overflows")
		}
		return -n
	case '(':
		a.i++
		n := a.expr()
		if a.peekOp() != ')' {
			return a.fail(a.whole() + " has unbalanced parentheses")
		}
		a.i++
		return n
	}
	return a.operand()
}

func (a *arith) operand() int64 {
	a.blank()
	start := a.i
	switch {
	case a.i < len(a.src) && isDigit(a.src[a.i]):
		for a.i < len(a.src) && isNameChar(a.src[a.i]) {
			a.i++
		}
		return a.number(a.src[start:a.i])
	case a.i < len(a.src) && a.src[a.i] == '$':
		a.i++
		braced := a.i < len(a.src) && a.src[a.i] == '{'
		if braced {
			a.i++
		}
		name := a.name()
		if braced {
			if a.i >= len(a.src) || a.src[a.i] != '}' {
				return a.fail(a.whole() + " uses an expansion this reader does not evaluate")
			}
			a.i++
		}
		return a.variable(name)
	}
	return a.variable(a.name())
}

func (a *arith) name() string {
	start := a.i
	if a.i < len(a.src) && isNameStart(a.src[a.i]) {
		for a.i < len(a.src) && isNameChar(a.src[a.i]) {
			a.i++
		}
	}
	return a.src[start:a.i]
}

// number reads bash integer constants: decimal, 0x hex and 0-prefixed octal.
func (a *arith) number(s string) int64 {
	base, digits := 10, s
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		base, digits = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, digits = 8, s[1:]
	}
	n, err := strconv.ParseInt(digits, base, 64)
	if err != nil || strings.Contains(digits, "_") {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return a.fail(a.whole() + " overflows")
		}
		return a.fail(a.whole() + " has a number this reader cannot read: " + abbrev(s))
	}
	return n
}

// variable evaluates a variable the way bash does: its value is itself an
// arithmetic expression, and empty means 0.
func (a *arith) variable(name string) int64 {
	if name == "" {
		return a.fail(a.whole() + " uses arithmetic beyond + - * / %")
	}
	text, defaulted, ok := a.vars(name)
	if !ok {
		return a.fail("$" + name)
	}
	a.defaulted = append(a.defaulted, defaulted...)
	if strings.TrimSpace(text) == "" {
		return 0
	}
	sub := arith{vars: a.vars, depth: a.depth + 1}
	n, err := sub.eval(text)
	a.defaulted = append(a.defaulted, sub.defaulted...)
	if err != "" {
		return a.fail(err)
	}
	return n
}
