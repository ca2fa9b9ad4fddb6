package test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeterminism synthesizes the default configuration a second time (the
// only test that does) and expects the same bytes: a template or asset
// manifest that changes from run to run shows up as a diff on every deploy.
func TestDeterminism(t *testing.T) {
	first := defaults(t)
	second := synth(t, nil)
	for _, name := range []string{"PrivateFolders.template.json", "PrivateFolders.assets.json"} {
		t.Run("fails when "+name+" differs between two syntheses", func(t *testing.T) {
			a, err := os.ReadFile(filepath.Join(first.outdir, name))
			require.NoError(t, err)
			b, err := os.ReadFile(filepath.Join(second.outdir, name))
			require.NoError(t, err)
			require.NotEmpty(t, a)
			assert.True(t, bytes.Equal(a, b), "%s differs between %s and %s", name, first.outdir, second.outdir)
		})
	}
}
