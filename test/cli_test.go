package test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	appOnce sync.Once
	appBin  string
	appErr  error
)

// appBinary builds the real app (main.go at the module root) once per test
// binary and returns its path.
func appBinary(t *testing.T) string {
	appOnce.Do(func() {
		dir, err := os.MkdirTemp(scratch, "app-")
		if err != nil {
			appErr = err
			return
		}
		appBin = filepath.Join(dir, "app")
		out, err := exec.Command("go", "build", "-o", appBin, root).CombinedOutput()
		if err != nil {
			appErr = errors.New(err.Error() + ": " + string(out))
		}
	})
	require.NoError(t, appErr)
	return appBin
}

// runApp runs the app as the CDK CLI does, with cdk.json's context plus
// overrides in CDK_CONTEXT_JSON, and returns its exit code, stderr and
// outdir. Its temporary directory is its own, and must be empty afterwards.
func runApp(t *testing.T, overrides map[string]any) (int, string, string) {
	ctx, err := json.Marshal(cdkContext(t, overrides))
	require.NoError(t, err)
	outdir, tmp := t.TempDir(), t.TempDir()
	cmd := exec.Command(appBinary(t))
	cmd.Env = append(os.Environ(),
		"CDK_CONTEXT_JSON="+string(ctx),
		"CDK_OUTDIR="+outdir,
		"JSII_NODE="+os.Getenv("JSII_NODE"),
		"TMPDIR="+tmp,
	)
	t.Cleanup(func() {
		left, err := filepath.Glob(filepath.Join(tmp, "jsii-runtime.*"))
		require.NoError(t, err)
		assert.Empty(t, left, "fails when the app leaves the jsii runtime's temporary folder")
	})
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, stderr.String(), outdir
}

// templates lists the *.template.json files in dir.
func templates(t *testing.T, dir string) []string {
	found, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	require.NoError(t, err)
	return found
}

func TestApp(t *testing.T) {
	cases := []struct {
		name      string
		overrides map[string]any
		code      int
		// lines are fragments each expected on its own stderr line.
		lines [][]string
	}{
		{
			name:      "fails when settings are bad, with one line per problem and nothing synthesized",
			overrides: map[string]any{"mfa": "maybe", "domainPrefix": "My_AWS_App", "corsOrigins": "*"},
			code:      1,
			lines: [][]string{
				{"mfa: ", `(received: "maybe")`},
				{"domainPrefix: ", `(received: "My_AWS_App")`},
				{"corsOrigins: ", `(received: "*")`},
			},
		},
		{
			name:      "fails when a key is misspelt, suggesting the right one",
			overrides: map[string]any{"mfaa": "off"},
			code:      1,
			lines:     [][]string{{"mfaa: ", `did you mean "mfa"?`, "(received: "}},
		},
		{
			name:      "synthesizes a valid configuration",
			overrides: map[string]any{},
			code:      0,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stderr, outdir := runApp(t, c.overrides)
			assert.Equal(t, c.code, code, "stderr:\n%s", stderr)
			if c.code == 0 {
				assert.Len(t, templates(t, outdir), 1)
				assert.Empty(t, strings.TrimSpace(stderr), "fails when a successful synth prints anything on stderr")
				return
			}
			assert.Empty(t, templates(t, outdir), "nothing may be synthesized")
			assert.NotContains(t, stderr, "goroutine")
			assert.NotContains(t, stderr, "panic")
			var problems []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.Contains(l, "(received: ") {
					problems = append(problems, l)
				}
			}
			assert.Len(t, problems, len(c.lines), "one line per problem:\n%s", stderr)
			for _, want := range c.lines {
				matched := 0
				for _, l := range problems {
					if strings.HasPrefix(strings.TrimSpace(l), want[0]) {
						matched++
						for _, frag := range want[1:] {
							assert.Contains(t, l, frag)
						}
					}
				}
				assert.Equal(t, 1, matched, "lines for %q in:\n%s", want[0], stderr)
			}
		})
	}
}
