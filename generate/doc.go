// Package generate turns an estimate that does not fit into configuration
// files that do. It holds the memory knobs (each a fix with its predicted
// effect, its step-time cost and its safety), the search that composes them,
// the format-preserving rewrite that applies their key-path changes to JSON,
// YAML and launch scripts, the unified diff that shows the result, and the
// safe writer behind --write.
//
// The rewrite never re-serializes a document: it edits only the bytes of the
// values and keys it changes, so comments, key order, quoting and
// indentation survive, and a diff shows exactly the intended lines.
package generate
