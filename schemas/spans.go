package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A DeepSpeed config reaches a few of the schema's sections, and parsing
// the whole schema was most of a fresh process's first validation. So a
// schema is parsed one level at a time: the top level and the names of its
// properties at once, each property's own schema (a span of the source)
// when a config first reaches it. The whole document is parsed only to
// describe a violation.

// span is the undecoded JSON text of one property's schema.
type span []byte

// topLevel parses a schema's top-level object, leaving the value of each
// property under "properties" as a span.
func topLevel(src []byte) (map[string]any, error) {
	fields, err := objectSpans(src)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		if k == "properties" {
			props, err := objectSpans(v)
			if err != nil {
				return nil, fmt.Errorf("properties: %w", err)
			}
			m := make(map[string]any, len(props))
			for name, s := range props {
				m[name] = span(s)
			}
			out[k] = m
			continue
		}
		var x any
		if err := json.Unmarshal(v, &x); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = x
	}
	return out, nil
}

// objectSpans splits a JSON object into its keys and the text of their
// values, without decoding the values.
func objectSpans(src []byte) (map[string][]byte, error) {
	i := skipSpace(src, 0)
	if i >= len(src) || src[i] != '{' {
		return nil, fmt.Errorf("expected an object")
	}
	out := map[string][]byte{}
	i = skipSpace(src, i+1)
	if i < len(src) && src[i] == '}' {
		return out, nil
	}
	for {
		end, err := skipValue(src, i)
		if err != nil || src[i] != '"' {
			return nil, fmt.Errorf("offset %d: expected a key", i)
		}
		// A key without escapes is its text between the quotes; decoding
		// each one cost a schema's first use an allocation per key.
		key := string(src[i+1 : end-1])
		if bytes.IndexByte(src[i:end], '\\') >= 0 {
			if err := json.Unmarshal(src[i:end], &key); err != nil {
				return nil, err
			}
		}
		i = skipSpace(src, end)
		if i >= len(src) || src[i] != ':' {
			return nil, fmt.Errorf("offset %d: expected ':'", i)
		}
		start := skipSpace(src, i+1)
		if end, err = skipValue(src, start); err != nil {
			return nil, err
		}
		out[key] = src[start:end]
		i = skipSpace(src, end)
		switch {
		case i < len(src) && src[i] == ',':
			i = skipSpace(src, i+1)
		case i < len(src) && src[i] == '}':
			return out, nil
		default:
			return nil, fmt.Errorf("offset %d: expected ',' or '}'", i)
		}
	}
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at i. It finds the
// value's extent only; json.Unmarshal checks the text when it is decoded.
func skipValue(src []byte, i int) (int, error) {
	if i >= len(src) {
		return 0, fmt.Errorf("unexpected end")
	}
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '"':
			j++
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return 0, fmt.Errorf("unterminated string")
			}
			if depth == 0 {
				return j + 1, nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return 0, fmt.Errorf("offset %d: unbalanced %q", j, src[j])
			}
			if depth == 0 {
				return j + 1, nil
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j, nil
			}
		}
	}
	if depth != 0 {
		return 0, fmt.Errorf("unexpected end")
	}
	return len(src), nil
}
