// Package compliance names the cdk-nag rule packs the project passes and
// reads the CSV reports they write, so the tests and cmd/compliance agree
// on what "compliant" means.
package compliance

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// PackNames are the rule-id prefixes of the packs, in report order.
var PackNames = []string{"AwsSolutions", "NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"}

// Packs are the cdk-nag packs every configuration must pass with zero
// unsuppressed errors. They only read the tree and annotate it; each
// writes its CSV report to the output folder.
func Packs() []cdknag.NagPack {
	props := &cdknag.NagPackProps{Verbose: jsii.Bool(true), Reports: jsii.Bool(true)}
	return []cdknag.NagPack{
		cdknag.NewAwsSolutionsChecks(props),
		cdknag.NewNIST80053R5Checks(props),
		cdknag.NewHIPAASecurityChecks(props),
		cdknag.NewPCIDSS321Checks(props),
	}
}

// Finding is one row of a report: one rule on one resource.
type Finding struct {
	// Rule is the rule id, such as "AwsSolutions-IAM5".
	Rule string
	// Resource is the construct path of the resource checked.
	Resource string
	// Compliance is "Compliant", "Non-Compliant", "Suppressed" or "UNKNOWN".
	Compliance string
	// Reason is the suppression's reason, for suppressed rows.
	Reason string
	// Level is "Error" or "Warning".
	Level string
}

// Summary counts one pack's report.
type Summary struct {
	// Pack is the pack's name.
	Pack string
	// Rules is how many distinct rules were checked.
	Rules int
	// Compliant, Suppressed and NonCompliant count (rule, resource) rows.
	Compliant, Suppressed, NonCompliant int
	// Suppressions maps each suppressed rule to its reasons.
	Suppressions map[string][]string
}

// ReadReport reads the CSV report of pack in outdir.
func ReadReport(outdir, pack string) ([]Finding, error) {
	files, err := filepath.Glob(filepath.Join(outdir, pack+"-*-NagReport.csv"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no %s report in %s", pack, outdir)
	}
	var out []Finding
	for _, f := range files {
		rows, err := readCSV(f)
		if err != nil {
			return nil, err
		}
		for _, r := range rows[1:] {
			if len(r) >= 5 {
				out = append(out, Finding{Rule: r[0], Resource: r[1], Compliance: r[2], Reason: r[3], Level: r[4]})
			}
		}
	}
	return out, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}

// Summarize counts findings of one pack.
func Summarize(pack string, findings []Finding) Summary {
	s := Summary{Pack: pack, Suppressions: map[string][]string{}}
	rules := map[string]bool{}
	for _, f := range findings {
		rules[f.Rule] = true
		switch f.Compliance {
		case "Compliant":
			s.Compliant++
		case "Suppressed":
			s.Suppressed++
			if !contains(s.Suppressions[f.Rule], f.Reason) {
				s.Suppressions[f.Rule] = append(s.Suppressions[f.Rule], f.Reason)
			}
		case "Non-Compliant":
			if f.Level == "Error" {
				s.NonCompliant++
			}
		}
	}
	s.Rules = len(rules)
	return s
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Markdown renders summaries as a table, then each suppressed rule with its reasons.
func Markdown(config string, summaries []Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | rules checked | compliant | suppressed (with reasons) | unsuppressed errors |\n| --- | --- | --- | --- | --- |\n", config)
	for _, s := range summaries {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", s.Pack, s.Rules, s.Compliant, s.Suppressed, s.NonCompliant)
	}
	b.WriteString("\nSuppressed rules:\n\n")
	for _, s := range summaries {
		rules := make([]string, 0, len(s.Suppressions))
		for r := range s.Suppressions {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		for _, r := range rules {
			fmt.Fprintf(&b, "- `%s`: %s\n", r, strings.Join(s.Suppressions[r], " / "))
		}
	}
	return b.String()
}
