package generate

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// checkValue rejects values a Change cannot carry.
func checkValue(v any) error {
	switch x := v.(type) {
	case bool, int, int64, string, []string, nil:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("cannot write %v", x)
		}
		return nil
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if err := checkValue(x[k]); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unsupported value type %T", v)
}

// scalarOf reports whether v is written as one scalar.
func scalarOf(v any) (any, bool) {
	switch v.(type) {
	case []string, map[string]any:
		return nil, false
	}
	return v, true
}

// equalValue reports whether node n already holds v, so Set can leave the
// bytes alone.
func equalValue(n *yaml.Node, v any) bool {
	if n == nil {
		return false
	}
	switch x := v.(type) {
	case bool:
		b, ok := document.Bool(n, false)
		return ok && b == x && n.Tag == "!!bool"
	case int:
		f, ok := document.Float(n, false)
		return ok && f == float64(x) && n.Tag != "!!str"
	case int64:
		f, ok := document.Float(n, false)
		return ok && f == float64(x) && n.Tag != "!!str"
	case float64:
		f, ok := document.Float(n, false)
		return ok && f == x && n.Tag != "!!str"
	case string:
		return n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value == x
	case []string:
		if n.Kind != yaml.SequenceNode || len(n.Content) != len(x) {
			return false
		}
		for i, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Value != x[i] {
				return false
			}
		}
		return true
	case map[string]any:
		return len(x) == 0 && n.Kind == yaml.MappingNode && len(n.Content) == 0
	case nil:
		return document.IsNull(n)
	}
	return false
}

func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func singleQuoted(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// eNumber matches numbers written with an exponent, as DeepSpeed configs
// write bucket sizes (5e8, 2.5e8).
var eNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[eE]\+?[0-9]+$`) })

// usesENotation reports whether the document writes large numbers as 5e8.
func (r *rewriter) usesENotation() bool {
	found := false
	document.Walk(r.d.Root, func(_ string, _, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!float" && eNumber().MatchString(v.Value) {
			found = true
		}
	})
	return found
}

// eNotation writes n as 5e8 when that is exact and short, else "".
func eNotation(n int64) string {
	if n < 1_000_000 && n > -1_000_000 {
		return ""
	}
	s := strconv.FormatFloat(float64(n), 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if len(strings.TrimPrefix(mant, "-")) > 4 {
		return ""
	}
	if back, err := strconv.ParseFloat(s, 64); err != nil || int64(back) != n {
		return ""
	}
	exp = strings.TrimLeft(strings.TrimPrefix(exp, "+"), "0")
	return mant + "e" + exp
}

func intOf(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return int64(x), true
		}
	}
	return 0, false
}

// jsonValue renders v as JSON. multi lays mappings out one key per line
// below indent; existing is the value being replaced (for its number style).
func (r *rewriter) jsonValue(v any, indent string, multi bool, existing *yaml.Node) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case string:
		return jsonString(x)
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = jsonString(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		if len(x) == 0 {
			return "{}"
		}
		keys := sortedKeys(x)
		if !multi {
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = jsonString(k) + ": " + r.jsonValue(x[k], "", false, nil)
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
		child := indent + r.jsonUnit()
		var b strings.Builder
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(r.nl + child + jsonString(k) + ": " + r.jsonValue(x[k], child, true, nil))
		}
		b.WriteString(r.nl + indent + "}")
		return b.String()
	}
	if n, ok := intOf(v); ok {
		eStyle := r.usesENotation()
		if existing != nil && existing.Kind == yaml.ScalarNode {
			eStyle = eNumber().MatchString(existing.Value)
		}
		if e := eNotation(n); eStyle && e != "" {
			return e
		}
		return strconv.FormatInt(n, 10)
	}
	return strconv.FormatFloat(v.(float64), 'g', -1, 64)
}

// jsonUnit is one level of the file's indentation (two spaces when the
// file does not show one).
func (r *rewriter) jsonUnit() string {
	best := ""
	for ln := 1; ln <= len(r.lineStarts); ln++ {
		text := r.lineText(ln)
		t := strings.TrimLeft(text, " \t")
		if t == "" || (t[0] != '"' && t[0] != '}') {
			continue
		}
		ind := text[:len(text)-len(t)]
		if ind != "" && (best == "" || len(ind) < len(best)) {
			best = ind
		}
	}
	if best == "" {
		return "  "
	}
	return best
}

// yamlUnit is the file's indentation step for nested block mappings.
func (r *rewriter) yamlUnit() int {
	unit := 0
	var visit func(m *yaml.Node, depth int)
	visit = func(m *yaml.Node, depth int) {
		if depth > document.MaxDepth || unit > 0 {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
				if d := v.Content[0].Column - k.Column; d > 0 && v.Content[0].Line > k.Line {
					unit = d
					return
				}
			}
			if v.Kind == yaml.MappingNode {
				visit(v, depth+1)
			}
		}
	}
	if r.d.Root != nil && r.d.Root.Kind == yaml.MappingNode {
		visit(r.d.Root, 0)
	}
	if unit == 0 {
		return 2
	}
	return unit
}

// keyText writes a mapping key for the file's format.
func (r *rewriter) keyText(k string) string {
	if r.json || !plainSafe(k) {
		return jsonString(k)
	}
	return k
}

// yamlScalar writes a scalar for YAML, keeping the quoting of the value it
// replaces when that is a string, and the capitalization of a boolean.
func (r *rewriter) yamlScalar(v any, existing *yaml.Node) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case bool:
		s := strconv.FormatBool(x)
		if existing != nil && existing.Tag == "!!bool" && existing.Style == 0 && existing.Value != "" {
			switch {
			case existing.Value == strings.ToUpper(existing.Value):
				s = strings.ToUpper(s)
			case existing.Value[:1] == strings.ToUpper(existing.Value[:1]):
				s = strings.ToUpper(s[:1]) + s[1:]
			}
		}
		return s, nil
	case string:
		if existing != nil {
			switch existing.Style {
			case yaml.DoubleQuotedStyle:
				return jsonString(x), nil
			case yaml.SingleQuotedStyle:
				return singleQuoted(x), nil
			}
		}
		if plainSafe(x) {
			return x, nil
		}
		return jsonString(x), nil
	case float64:
		if n, ok := intOf(x); ok {
			return strconv.FormatInt(n, 10), nil
		}
		return yamlFloat(x), nil
	}
	if n, ok := intOf(v); ok {
		return strconv.FormatInt(n, 10), nil
	}
	return "", fmt.Errorf("cannot write %T as a scalar", v)
}

// yamlFloat writes a float that PyYAML (YAML 1.1) also reads as a float:
// an exponent needs a dot in the mantissa and a sign ("1.0e-05").
func yamlFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if len(s) <= 10 {
		return s
	}
	s = strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	return mant + "e" + exp
}

// yamlInline writes v in YAML flow style.
func yamlInline(v any) string {
	switch x := v.(type) {
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i], _ = (&rewriter{}).yamlScalar(s, nil)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = (&rewriter{}).keyText(k) + ": " + yamlInline(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	s, _ := (&rewriter{}).yamlScalar(v, nil)
	return s
}

// yamlBlock writes the value part of a block mapping entry ("key:" comes
// before it): " scalar", or nested lines at indent.
func (r *rewriter) yamlBlock(v any, indent int) string {
	pad := strings.Repeat(" ", indent)
	switch x := v.(type) {
	case []string:
		if len(x) == 0 {
			return " []"
		}
		var b strings.Builder
		for _, s := range x {
			t, _ := r.yamlScalar(s, nil)
			b.WriteString(r.nl + pad + "- " + t)
		}
		return b.String()
	case map[string]any:
		if len(x) == 0 {
			return " {}"
		}
		var b strings.Builder
		for _, k := range sortedKeys(x) {
			b.WriteString(r.nl + pad + r.keyText(k) + ":" + r.yamlBlock(x[k], indent+r.yamlUnit()))
		}
		return b.String()
	}
	s, _ := r.yamlScalar(v, nil)
	return " " + s
}

// yamlSpecial are plain scalars YAML 1.1 (PyYAML) or 1.2 reads as something
// other than a string.
var yamlSpecial = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i:y|n|yes|no|on|off|true|false|null|~|\.inf|-\.inf|\+\.inf|\.nan)$|^[-+]?[0-9._]+([eE][-+]?[0-9]+)?$|^0[xob]|^[0-9]{4}-[0-9]{2}-[0-9]{2}`)
})

// plainSafe reports whether s can be written without quotes and still read
// back as the same string.
func plainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || yamlSpecial().MatchString(s) {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	// Flow indicators are quoted everywhere, so a value reads back the same
	// inside {…} and […] too.
	if strings.ContainsAny(s, "\n\r\t,[]{}") || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	return true
}
