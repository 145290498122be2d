//go:build !unix

package read

import (
	"bytes"
	"io"
	"os"
)

// readSmall reads a whole file into buf (grown when too small), or returns
// nil for one over limit bytes.
func readSmall(path string, limit int64, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() > limit {
		return nil, err
	}
	b := bytes.NewBuffer(buf[:0])
	_, err = b.ReadFrom(io.LimitReader(f, limit))
	return b.Bytes(), err
}
