//! Reports of a run: a summary for the terminal, and `report.jsonl`, `junit.xml` and
//! `report.html` for `--report DIR`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::requirements::Requirements;
use crate::suite::SuiteInfo;
use crate::{CaseResult, Outcome};

/// What a report says about the run as a whole (the first line of `report.jsonl`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunHeader {
    /// The suite, its version and the standard it tests.
    pub suite: SuiteInfo,
    /// The tool that ran it.
    pub tool: Value,
    /// `documents`, `adapter` or `api`.
    pub mode: String,
    /// What was tested: paths, a harness command and format, or a profile and URL.
    pub subject: Value,
    /// `--level`, `--only`, `--skip-file` as given.
    pub selection: Value,
    /// When the run started (RFC 3339).
    pub started: String,
    /// When it finished.
    pub finished: String,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub pass: usize,
    /// Failed.
    pub fail: usize,
    /// Skipped.
    pub skip: usize,
    /// Could not be checked.
    pub error: usize,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Skip => self.skip += 1,
            Outcome::Error => self.error += 1,
        }
    }

    /// Every result counted.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.skip + self.error
    }
}

/// The verdict of a run: it conforms when every MUST that ran passed.
pub fn conforms(results: &[CaseResult]) -> bool {
    !results.iter().any(CaseResult::breaks_run)
}

/// Outcome counts in total and by requirement.
pub fn counts(results: &[CaseResult]) -> (Counts, BTreeMap<String, Counts>) {
    let mut total = Counts::default();
    let mut by_requirement: BTreeMap<String, Counts> = BTreeMap::new();
    for result in results {
        total.add(result.outcome);
        by_requirement
            .entry(result.requirement.clone())
            .or_default()
            .add(result.outcome);
    }
    (total, by_requirement)
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// The human summary: one line per requirement, the failures with their messages, the verdict.
pub fn summary(results: &[CaseResult], requirements: &Requirements, color: bool) -> String {
    let (total, by_requirement) = counts(results);
    let mut out = String::new();
    for (id, counts) in &by_requirement {
        let level = requirements.get(id).map_or("?", |r| r.level.as_str());
        let mark = if counts.fail + counts.error > 0 {
            paint("FAIL", "31;1", color)
        } else if counts.pass == 0 {
            paint("SKIP", "33", color)
        } else {
            paint("ok  ", "32", color)
        };
        let _ = writeln!(
            out,
            "{mark} {level:<6} {id:<44} {} passed, {} failed, {} errors, {} skipped",
            counts.pass, counts.fail, counts.error, counts.skip
        );
    }
    let problems: Vec<&CaseResult> = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Fail | Outcome::Error))
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "\nfailures:");
        for result in problems.iter().take(50) {
            let _ = writeln!(
                out,
                "  {} {} [{}] {}: {}",
                paint(result.outcome.as_str(), "31", color),
                result.requirement,
                result.level.as_str(),
                result.id,
                result.message.as_deref().unwrap_or("")
            );
        }
        if problems.len() > 50 {
            let _ = writeln!(
                out,
                "  ... and {} more (see the report)",
                problems.len() - 50
            );
        }
    }
    let skips: Vec<&CaseResult> = results
        .iter()
        .filter(|r| r.outcome == Outcome::Skip)
        .collect();
    if !skips.is_empty() {
        let _ = writeln!(out, "\nskipped (not a pass):");
        for result in skips.iter().take(20) {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                result.requirement,
                result.id,
                result.message.as_deref().unwrap_or("")
            );
        }
        if skips.len() > 20 {
            let _ = writeln!(out, "  ... and {} more (see the report)", skips.len() - 20);
        }
    }
    let verdict = if total.total() == 0 {
        paint("NOTHING RAN", "33;1", color)
    } else if conforms(results) {
        paint("CONFORMS", "32;1", color)
    } else {
        paint("DOES NOT CONFORM", "31;1", color)
    };
    let _ = writeln!(
        out,
        "\n{verdict}: {} results: {} passed, {} failed, {} errors, {} skipped (a skip is not a pass)",
        total.total(),
        total.pass,
        total.fail,
        total.error,
        total.skip
    );
    out
}

/// Writes `report.jsonl`, `junit.xml` and `report.html` into `dir` (created if needed).
pub fn write(
    dir: &Path,
    header: &RunHeader,
    results: &[CaseResult],
    requirements: &Requirements,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("report.jsonl"), jsonl(header, results))?;
    std::fs::write(dir.join("junit.xml"), junit(header, results))?;
    std::fs::write(dir.join("report.html"), html(header, results, requirements))?;
    Ok(())
}

/// `report.jsonl`: a header line, one line per result, a summary line.
pub fn jsonl(header: &RunHeader, results: &[CaseResult]) -> String {
    let mut out = String::new();
    let mut line = |value: Value| {
        out.push_str(&value.to_string());
        out.push('\n');
    };
    let mut first = serde_json::to_value(header).unwrap_or_default();
    first["type"] = json!("header");
    line(first);
    for result in results {
        let mut value = serde_json::to_value(result).unwrap_or_default();
        value["type"] = json!("result");
        line(value);
    }
    let (total, _) = counts(results);
    line(json!({"type": "summary", "counts": total, "conforms": conforms(results)}));
    out
}

fn xml_escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// `junit.xml`: one test suite per requirement, one test case per result.
pub fn junit(header: &RunHeader, results: &[CaseResult]) -> String {
    let (total, _) = counts(results);
    let mut grouped: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for result in results {
        grouped.entry(&result.requirement).or_default().push(result);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        xml_escape(&format!(
            "{} {} ({})",
            header.suite.suite, header.suite.version, header.mode
        )),
        total.total(),
        total.fail,
        total.error,
        total.skip
    );
    for (requirement, cases) in grouped {
        let mut counts = Counts::default();
        let mut time = 0.0;
        for case in &cases {
            counts.add(case.outcome);
            time += case.duration_ms / 1000.0;
        }
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
            xml_escape(requirement),
            counts.total(),
            counts.fail,
            counts.error,
            counts.skip
        );
        for case in cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                xml_escape(requirement),
                xml_escape(&case.id),
                case.duration_ms / 1000.0
            );
            let message = xml_escape(case.message.as_deref().unwrap_or(""));
            let details = case
                .evidence
                .as_ref()
                .map(|e| xml_escape(&serde_json::to_string_pretty(e).unwrap_or_default()))
                .unwrap_or_default();
            match case.outcome {
                Outcome::Pass => out.push_str("/>\n"),
                Outcome::Fail => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure type=\"{}\" message=\"{message}\">{details}</failure>\n    </testcase>",
                        case.level.as_str()
                    );
                }
                Outcome::Error => {
                    let _ = writeln!(
                        out,
                        ">\n      <error type=\"{}\" message=\"{message}\">{details}</error>\n    </testcase>",
                        case.level.as_str()
                    );
                }
                Outcome::Skip => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{message}\"/>\n    </testcase>"
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// `report.html`: one self-contained page (no scripts, no external resources) a vendor can
/// attach to a compliance statement.
pub fn html(header: &RunHeader, results: &[CaseResult], requirements: &Requirements) -> String {
    let (total, by_requirement) = counts(results);
    let verdict = if total.total() == 0 {
        ("nothing ran", "skip")
    } else if conforms(results) {
        ("conforms", "pass")
    } else {
        ("does not conform", "fail")
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2rem; }}
th, td {{ border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #f2f2f2; }}
.pass {{ color: #17612b; font-weight: 600; }}
.fail, .error {{ color: #a4141c; font-weight: 600; }}
.skip {{ color: #8a5a00; font-weight: 600; }}
pre {{ white-space: pre-wrap; font-size: .85rem; background: #f7f7f7; padding: .5rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="{verdict_class}">Verdict: {verdict}</p>
<table>
<tr><th>Suite</th><td>{suite} {version} ({standard})</td></tr>
<tr><th>Tool</th><td>{tool}</td></tr>
<tr><th>Mode</th><td>{mode}</td></tr>
<tr><th>Tested</th><td><pre>{subject}</pre></td></tr>
<tr><th>Selection</th><td><code>{selection}</code></td></tr>
<tr><th>Run</th><td>{started} to {finished}</td></tr>
<tr><th>Results</th><td>{total} results: {pass} passed, {fail} failed, {error} errors, {skip} skipped (a skip is not a pass)</td></tr>
</table>
"#,
        title = xml_escape(&format!("werkbrug conformance report: {}", header.mode)),
        verdict_class = verdict.1,
        verdict = verdict.0,
        suite = xml_escape(&header.suite.suite),
        version = xml_escape(&header.suite.version),
        standard = xml_escape(&header.suite.standard),
        tool = xml_escape(&format!(
            "{} {}",
            header.tool["name"].as_str().unwrap_or("?"),
            header.tool["version"].as_str().unwrap_or("?")
        )),
        mode = xml_escape(&header.mode),
        subject = xml_escape(&serde_json::to_string_pretty(&header.subject).unwrap_or_default()),
        selection = xml_escape(&header.selection.to_string()),
        started = xml_escape(&header.started),
        finished = xml_escape(&header.finished),
        total = total.total(),
        pass = total.pass,
        fail = total.fail,
        error = total.error,
        skip = total.skip,
    );
    out.push_str("<h2>By requirement</h2>\n<table>\n<tr><th>Requirement</th><th>Level</th><th>Statement</th><th>Source</th><th>Passed</th><th>Failed</th><th>Errors</th><th>Skipped</th></tr>\n");
    for (id, counts) in &by_requirement {
        let requirement = requirements.get(id);
        let class = if counts.fail + counts.error > 0 {
            "fail"
        } else if counts.pass == 0 {
            "skip"
        } else {
            "pass"
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"{class}\"><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            xml_escape(id),
            requirement.map_or("?", |r| r.level.as_str()),
            xml_escape(requirement.map_or("", |r| r.statement.as_str())),
            xml_escape(requirement.map_or("", |r| r.source.as_str())),
            counts.pass,
            counts.fail,
            counts.error,
            counts.skip
        );
    }
    out.push_str("</table>\n<h2>Failures, errors and skips</h2>\n");
    let notable: Vec<&CaseResult> = results
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .collect();
    if notable.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>Outcome</th><th>Requirement</th><th>Case</th><th>What happened</th></tr>\n");
        for result in notable {
            let evidence = result
                .evidence
                .as_ref()
                .map(|e| {
                    format!(
                        "<details><summary>evidence</summary><pre>{}</pre></details>",
                        xml_escape(&serde_json::to_string_pretty(e).unwrap_or_default())
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td class=\"{0}\">{0}</td><td><code>{1}</code> ({2})</td><td><code>{3}</code></td><td>{4}{5}</td></tr>",
                result.outcome.as_str(),
                xml_escape(&result.requirement),
                result.level.as_str(),
                xml_escape(&result.id),
                xml_escape(result.message.as_deref().unwrap_or("")),
                evidence
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
