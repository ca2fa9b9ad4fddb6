package jsiiclose

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/internal/toolchain"
)

func TestMain(m *testing.M) {
	toolchain.UsePinnedNode()
	code := m.Run()
	Close()
	os.Exit(code)
}

// captureStderr runs f with os.Stderr going to a pipe and returns what was
// written to it.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	saved := os.Stderr
	os.Stderr = w
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&out, r)
		close(done)
	}()
	f()
	os.Stderr = saved
	w.Close()
	<-done
	return out.String()
}

// runs is how many runtimes start and close: the lost race shows about one
// time in four, so 20 runs without it is a pass by chance one time in 300.
const runs = 20

func TestClose(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	stderr := captureStderr(t, func() {
		for i := 0; i < runs; i++ {
			constructs.NewRootConstruct(jsii.String("Root")) // starts the runtime
			Close()
		}
	})
	t.Run("fails when a successful run prints that the runtime exited abnormally", func(t *testing.T) {
		assert.NotContains(t, stderr, "exited abnormally")
	})
	t.Run("fails when the runtime leaves its temporary folder", func(t *testing.T) {
		left, err := filepath.Glob(filepath.Join(tmp, "jsii-runtime.*"))
		require.NoError(t, err)
		assert.Empty(t, left)
	})
}

func TestFilter(t *testing.T) {
	in := "a warning\nRuntime process exited abnormally: waitid: no child processes" +
		"Runtime process exited abnormally: exec: Wait was already called" +
		"another line\nRuntime process exited abnormally: exit status 1"
	var out strings.Builder
	filter(&out, strings.NewReader(in))
	assert.Equal(t, "a warning\nanother line\nRuntime process exited abnormally: exit status 1", out.String(),
		"only the lost-race messages go; a real abnormal exit stays")
}

// startsRuntime matches test code that starts the jsii runtime.
var startsRuntime = regexp.MustCompile(`awscdk\.NewApp\(|awscdk\.NewStack\(|constructs\.NewRootConstruct\(`)

// TestEveryTestBinaryCloses: a test binary that starts the runtime and
// exits without closing it leaves the runtime's jsii-runtime.* folder in
// the temporary directory. Each package whose tests start it must close it
// in TestMain, through Close.
func TestEveryTestBinaryCloses(t *testing.T) {
	root := filepath.Join("..")
	starts, closes := map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "examples") && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dir := filepath.Dir(p)
		starts[dir] = starts[dir] || startsRuntime.Match(src)
		closes[dir] = closes[dir] || closesInTestMain(string(src))
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, starts)
	for dir, s := range starts {
		if s {
			assert.True(t, closes[dir], "fails when the tests in %s start the jsii runtime but TestMain does not close it", dir)
		}
	}
}

// closesInTestMain reports whether src's TestMain calls Close (this
// package's, or jsiiclose.Close).
func closesInTestMain(src string) bool {
	start := strings.Index(src, "func TestMain(m *testing.M) {")
	if start < 0 {
		return false
	}
	body := src[start:]
	if end := strings.Index(body, "\n}\n"); end >= 0 {
		body = body[:end]
	}
	return regexp.MustCompile(`(^|[\s.])Close\(\)`).MatchString(body)
}
