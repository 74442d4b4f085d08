/**
 * A run as JUnit XML (the Surefire/Jenkins format GitLab and Jenkins read): one testsuite per run,
 * one testcase per case, a <failure> per failed case listing every failed turn with expected and
 * actual. Plain string building with escaping: the format is small and fixed.
 */
import { formatError, isKbErrorCode } from "../../../training/errors";
import type { TurnFailure } from "../../../training/suites/check";
import type { runReport } from "./index";

type Report = NonNullable<Awaited<ReturnType<typeof runReport>>>;

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function xmlEscape(s: string) {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all.

  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

const show = (v: string | number | null) => (v === null || v === "" ? "—" : String(v));

/** One failed expectation in words; a turn the target could not answer says why (in English: CI logs). */
function failureText(f: TurnFailure) {
  if (f.field === "error" && isKbErrorCode(f.actual)) return `error: ${f.actual}: ${formatError(f.actual, f.params ?? {}, "en")}`;
  return `${f.field}: expected ${show(f.expected)}, actual ${show(f.actual)}`;
}

export function runJunitXml(report: Report): string {
  const suiteName = report.suite?.name ?? `suite ${report.run.suiteId}`;
  const failures = report.cases.filter((c) => !c.passed).length;
  const seconds = ((report.run.durationMs ?? 0) / 1000).toFixed(3);
  const ts = new Date(report.run.createdAt).toISOString().slice(0, 19);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xmlEscape(suiteName)}" tests="${report.cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${xmlEscape(suiteName)}" tests="${report.cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${ts}">`,
  ];
  for (const c of report.cases) {
    const time = (c.turns.reduce((n, t) => n + t.latencyMs, 0) / 1000).toFixed(3);
    const head = `    <testcase name="${xmlEscape(c.caseName)}" classname="${xmlEscape(suiteName)}" time="${time}"`;
    if (c.passed) {
      lines.push(`${head}/>`);
      continue;
    }
    const bad = c.turns.filter((t) => !t.passed);
    const detail = bad.map((t) => `turn ${t.position} "${t.text}":\n` + t.failures.map((f) => `  ${failureText(f)}`).join("\n")).join("\n");
    const first = bad[0]?.failures[0];
    const message = first ? `turn ${bad[0].position}: ${failureText(first)}` : "failed";
    lines.push(`${head}>`, `      <failure message="${xmlEscape(message)}" type="expectation">${xmlEscape(detail)}</failure>`, `    </testcase>`);
  }
  lines.push(`  </testsuite>`, `</testsuites>`, "");
  return lines.join("\n");
}
