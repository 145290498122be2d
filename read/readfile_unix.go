//go:build unix

package read

import (
	"os"
	"slices"
	"syscall"
)

// readSmall reads a whole regular file into buf (grown when too small),
// or returns nil for one over limit bytes, in four system calls: os.Open
// also offers each file to the network poller (five more calls on Linux
// for a regular file, which the poller refuses), and the reference index
// reads every config file of a repository.
func readSmall(path string, limit int64, buf []byte) ([]byte, error) {
	fd, err := openRetry(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Size > limit {
		return nil, nil
	}
	buf = slices.Grow(buf[:0], int(st.Size))[:st.Size]
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		case m == 0:
			return buf[:n], nil
		}
		n += m
	}
	return buf, nil
}

func openRetry(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
