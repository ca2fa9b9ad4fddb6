// The run's output: one line per check ("PASS name: detail" or
// "FAIL name: detail"), then a summary line. Pure: it prints through `out`.

/** Collects check results and prints each as it comes. */
export class Report {
  constructor(out = (line) => console.log(line)) {
    this.out = out;
    this.results = [];
  }

  /** Records one result and prints its line. */
  add(name, ok, detail = "") {
    this.results.push({ name, ok, detail });
    this.out(formatLine(name, ok, detail));
    return ok;
  }

  pass(name, detail) {
    return this.add(name, true, detail);
  }

  fail(name, detail) {
    return this.add(name, false, detail);
  }

  get failed() {
    return this.results.filter((r) => !r.ok);
  }

  /** "verify: N passed, M failed" (and the names of the failures). */
  summary() {
    const failed = this.failed;
    const passed = this.results.length - failed.length;
    const line = `verify: ${passed} passed, ${failed.length} failed`;
    return failed.length ? `${line} (${failed.map((r) => r.name).join("; ")})` : line;
  }
}

/** One check's line: detail on one line, so each check is one line of output. */
export function formatLine(name, ok, detail = "") {
  const d = String(detail ?? "").replace(/\s+/g, " ").trim();
  return `${ok ? "PASS" : "FAIL"} ${name}${d ? `: ${d}` : ""}`;
}
