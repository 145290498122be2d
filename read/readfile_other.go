//go:build !unix

package read

import (
	"io"
	"os"
)

// readSmall reads a whole file, or returns nil for one over limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() > limit {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, limit))
}
