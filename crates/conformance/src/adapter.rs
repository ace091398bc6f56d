//! `werkbrug conformance adapter`: drives a vendor's translator through the translation vectors
//! (`translation/<format>/{decode,encode}/<vector>/`) over the JSON-lines protocol described in
//! [`crate::harness`].
//!
//! The harness is started once, as `sh -c COMMAND`, and answers one command at a time; an
//! answer that does not come within the timeout ends the run (the rest of the vectors are
//! errors), as a hanging translator would hang a vendor's CI.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use werkbrug_model::{DocumentType, Validator};

use crate::harness::PROTOCOL_VERSION;
use crate::{Collector, Outcome, RunError, Suite, compare};

/// How to run the adapter check.
#[derive(Debug, Clone)]
pub struct AdapterOptions {
    /// The format whose vectors run.
    pub format: String,
    /// The shell command that starts the harness.
    pub command: String,
    /// How long one answer may take.
    pub timeout: Duration,
}

/// What the harness said about itself.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct HarnessInfo {
    /// `implementation` from the start answer.
    pub implementation: Value,
    /// The formats it says it translates.
    pub formats: Vec<String>,
}

/// A running harness.
struct Harness {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    timeout: Duration,
    seq: u64,
}

impl Harness {
    fn start(command: &str, timeout: Duration) -> Result<Self, RunError> {
        let mut child = if cfg!(windows) {
            Command::new("cmd")
                .args(["/C", command])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
        } else {
            Command::new("sh")
                .args(["-c", command])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
        }
        .map_err(|e| RunError::Harness(e.to_string()))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Self {
            child,
            stdin,
            lines,
            timeout,
            seq: 0,
        })
    }

    /// Sends a command and waits for its answer.
    fn ask(&mut self, mut command: Value) -> Result<Value, String> {
        self.seq += 1;
        if command["cmd"] != "start" {
            command["seq"] = json!(self.seq);
        }
        let mut line = command.to_string();
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to the harness: {e}"))?;
        let answer = match self.lines.recv_timeout(self.timeout) {
            Ok(Ok(line)) => line,
            Ok(Err(e)) => return Err(format!("cannot read from the harness: {e}")),
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "the harness did not answer within {} s",
                    self.timeout.as_secs_f64()
                ));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err("the harness exited".into());
            }
        };
        let answer: Value = serde_json::from_str(&answer)
            .map_err(|e| format!("the harness answered with something that is not JSON: {e}"))?;
        if command["cmd"] != "start" && answer.get("seq") != Some(&json!(self.seq)) {
            return Err(format!(
                "the harness answered seq {} to seq {}",
                answer.get("seq").unwrap_or(&Value::Null),
                self.seq
            ));
        }
        Ok(answer)
    }

    fn stop(mut self) {
        let _ = self.stdin.write_all(b"{\"cmd\":\"stop\"}\n");
        let _ = self.stdin.flush();
        drop(self.stdin);
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The loss entries of an answer, as (path, kind) pairs, or why they are malformed.
fn loss_keys(answer: &Value) -> Result<Vec<(String, String)>, String> {
    let entries = answer
        .get("losses")
        .and_then(Value::as_array)
        .ok_or("the answer has no 'losses' array")?;
    let mut keys = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let field = |name: &str| entry.get(name).and_then(Value::as_str);
        let (Some(path), Some(kind), Some(_), Some(_)) = (
            field("path"),
            field("kind"),
            field("reason"),
            field("valueKind"),
        ) else {
            return Err(format!(
                "losses/{index} needs the strings path, kind, reason and valueKind"
            ));
        };
        if !matches!(kind, "dropped" | "truncated" | "approximated" | "defaulted") {
            return Err(format!("losses/{index}: '{kind}' is not a loss kind"));
        }
        if let Some(extra) = entry
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .find(|k| !matches!(k.as_str(), "path" | "kind" | "reason" | "valueKind"))
        {
            return Err(format!(
                "losses/{index} has a property '{extra}': an entry carries no values"
            ));
        }
        keys.push((path.to_owned(), kind.to_owned()));
    }
    keys.sort();
    Ok(keys)
}

/// Multiset difference: what `a` has that `b` lacks.
fn missing_from(a: &[(String, String)], b: &[(String, String)]) -> Vec<(String, String)> {
    let mut left: BTreeMap<&(String, String), usize> = BTreeMap::new();
    for key in b {
        *left.entry(key).or_default() += 1;
    }
    a.iter()
        .filter(|key| match left.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

fn pairs(keys: &[(String, String)]) -> Value {
    keys.iter()
        .map(|(path, kind)| json!({"path": path, "kind": kind}))
        .collect()
}

/// One vector, read from the suite.
struct Vector {
    id: String,
    direction: &'static str,
    /// The command's input: document text (decode) or canonical document (encode).
    input: Value,
    document_type: Option<DocumentType>,
    context: Value,
    /// Expected canonical document (decode) or output (encode: JSON value, or XML text).
    expected: Expected,
    losses: Vec<(String, String)>,
}

enum Expected {
    Json(Value),
    Xml(Vec<u8>),
}

fn read_vectors(suite: &Suite, format: &str) -> Result<Vec<Vector>, RunError> {
    let mut vectors = Vec::new();
    for direction in ["decode", "encode"] {
        let prefix = format!("translation/{format}/{direction}/");
        let files = suite.files_under(&prefix)?;
        let mut names: Vec<&str> = files
            .iter()
            .filter_map(|f| f[prefix.len()..].split_once('/').map(|(name, _)| name))
            .collect();
        names.dedup();
        for name in names {
            let dir = format!("{prefix}{name}");
            let has = |file: &str| files.contains(&format!("{dir}/{file}"));
            let losses_value: Value = suite.json(&format!("{dir}/losses.json"))?;
            let losses = loss_keys(&json!({"losses": losses_value}))
                .map_err(|e| RunError::Suite(format!("{dir}/losses.json: {e}")))?;
            let vector = if direction == "decode" {
                let meta: Value = suite.json(&format!("{dir}/vector.json"))?;
                let input_file = if has("input.xml") {
                    "input.xml"
                } else {
                    "input.json"
                };
                let text =
                    String::from_utf8(suite.file(&format!("{dir}/{input_file}"))?.into_owned())
                        .map_err(|_| RunError::Suite(format!("{dir}/{input_file} is not UTF-8")))?;
                Vector {
                    id: format!("translation/{format}/decode/{name}"),
                    direction: "decode",
                    input: Value::String(text),
                    document_type: meta["documentType"].as_str().and_then(|t| t.parse().ok()),
                    context: meta["context"].clone(),
                    expected: Expected::Json(suite.json(&format!("{dir}/expected.json"))?),
                    losses,
                }
            } else {
                let input: Value = suite.json(&format!("{dir}/input.json"))?;
                let expected = if has("expected.xml") {
                    Expected::Xml(suite.file(&format!("{dir}/expected.xml"))?.into_owned())
                } else {
                    Expected::Json(suite.json(&format!("{dir}/expected.json"))?)
                };
                Vector {
                    id: format!("translation/{format}/encode/{name}"),
                    direction: "encode",
                    document_type: DocumentType::declared_by(&input),
                    input,
                    context: Value::Null,
                    expected,
                    losses,
                }
            };
            vectors.push(vector);
        }
    }
    Ok(vectors)
}

/// The formats the suite has vectors for.
pub fn formats(suite: &Suite) -> Result<Vec<String>, RunError> {
    let mut formats: Vec<String> = suite
        .files_under("translation/")?
        .iter()
        .filter_map(|f| {
            f["translation/".len()..]
                .split_once('/')
                .map(|(f, _)| f.to_owned())
        })
        .collect();
    formats.dedup();
    Ok(formats)
}

/// Runs the vectors of one format through the harness.
pub fn run(
    suite: &Suite,
    options: &AdapterOptions,
    collector: &mut Collector<'_>,
) -> Result<HarnessInfo, RunError> {
    let known = formats(suite)?;
    if !known.contains(&options.format) {
        return Err(RunError::Usage(format!(
            "the suite has no vectors for format '{}'; it has {}",
            options.format,
            known.join(", ")
        )));
    }
    let vectors = read_vectors(suite, &options.format)?;
    let mut harness = Harness::start(&options.command, options.timeout)?;
    let started = Instant::now();
    let start = harness.ask(json!({"cmd": "start", "protocol": PROTOCOL_VERSION}));
    let info = match &start {
        Ok(answer) if answer["protocol"] == json!(PROTOCOL_VERSION) => HarnessInfo {
            implementation: answer["implementation"].clone(),
            formats: answer["formats"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect(),
        },
        _ => HarnessInfo::default(),
    };
    let start_problem = match &start {
        Ok(answer) if answer["protocol"] == json!(PROTOCOL_VERSION) => None,
        Ok(answer) => Some(format!(
            "the harness speaks protocol {}, not {PROTOCOL_VERSION}",
            answer.get("protocol").unwrap_or(&Value::Null)
        )),
        Err(e) => Some(e.clone()),
    };
    if collector.wants("translation/start", "adapter/protocol") {
        let outcome = if start_problem.is_some() {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        collector.record(
            "translation/start",
            "adapter/protocol",
            outcome,
            started.elapsed(),
            start_problem.clone(),
            None,
        );
    }
    let mut broken: Option<String> =
        start_problem.map(|p| format!("the harness did not start: {p}"));
    for vector in &vectors {
        let requirements: &[&str] = if vector.direction == "decode" {
            &[
                "adapter/protocol",
                "adapter/decode.document",
                "adapter/decode.valid",
                "adapter/losses.complete",
                "adapter/losses.exact",
                "adapter/losses.no-silent-drop",
            ]
        } else {
            &[
                "adapter/protocol",
                "adapter/encode.output",
                "adapter/losses.complete",
                "adapter/losses.exact",
                "adapter/losses.no-silent-drop",
            ]
        };
        let wanted: Vec<&str> = requirements
            .iter()
            .copied()
            .filter(|r| collector.wants(&vector.id, r))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let started = Instant::now();
        if let Some(reason) = &broken {
            for requirement in wanted {
                collector.record(
                    &vector.id,
                    requirement,
                    Outcome::Error,
                    Duration::ZERO,
                    Some(reason.clone()),
                    None,
                );
            }
            continue;
        }
        let command = if vector.direction == "decode" {
            json!({
                "cmd": "decode",
                "format": options.format,
                "documentType": vector.document_type,
                "context": vector.context,
                "input": vector.input,
            })
        } else {
            json!({"cmd": "encode", "format": options.format, "input": vector.input})
        };
        let answer = harness.ask(command);
        let elapsed = started.elapsed();
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                broken = Some(e.clone());
                for requirement in wanted {
                    collector.record(
                        &vector.id,
                        requirement,
                        Outcome::Error,
                        elapsed,
                        Some(e.clone()),
                        None,
                    );
                }
                continue;
            }
        };
        let results = judge(vector, &answer);
        for requirement in wanted {
            let (outcome, message, evidence) =
                results
                    .get(requirement)
                    .cloned()
                    .unwrap_or((Outcome::Pass, None, None));
            collector.record(&vector.id, requirement, outcome, elapsed, message, evidence);
        }
    }
    harness.stop();
    Ok(info)
}

type Judgement = (Outcome, Option<String>, Option<Value>);

/// The failures of one answer, by requirement; a requirement not in the map passed.
fn judge(vector: &Vector, answer: &Value) -> BTreeMap<&'static str, Judgement> {
    let mut out = BTreeMap::new();
    let all_error = |message: String, out: &mut BTreeMap<&'static str, Judgement>| {
        for requirement in [
            "adapter/decode.document",
            "adapter/decode.valid",
            "adapter/encode.output",
            "adapter/losses.complete",
            "adapter/losses.exact",
            "adapter/losses.no-silent-drop",
        ] {
            out.insert(requirement, (Outcome::Error, Some(message.clone()), None));
        }
    };
    if let Some(error) = answer.get("error") {
        let message = format!(
            "the harness could not translate the vector: {}",
            error.as_str().unwrap_or("(no message)")
        );
        let requirement = if vector.direction == "decode" {
            "adapter/decode.document"
        } else {
            "adapter/encode.output"
        };
        all_error(message.clone(), &mut out);
        out.insert(requirement, (Outcome::Fail, Some(message), None));
        return out;
    }
    let actual_losses = match loss_keys(answer) {
        Ok(keys) => keys,
        Err(e) => {
            all_error(format!("the answer is malformed: {e}"), &mut out);
            out.insert("adapter/protocol", (Outcome::Fail, Some(e), None));
            return out;
        }
    };
    // What the implementation left out that the vector keeps: values absent or different.
    let missing: Vec<String>;
    if vector.direction == "decode" {
        let Some(document) = answer.get("document").filter(|d| d.is_object()) else {
            let e = "a decode answer needs 'document', an object".to_owned();
            all_error(e.clone(), &mut out);
            out.insert("adapter/protocol", (Outcome::Fail, Some(e), None));
            return out;
        };
        let Expected::Json(expected) = &vector.expected else {
            unreachable!("decode vectors expect canonical JSON")
        };
        let diff = compare::differences(expected, document, 20);
        if expected != document {
            out.insert(
                "adapter/decode.document",
                (
                    Outcome::Fail,
                    Some(format!(
                        "the canonical document differs from the expected one at {} place(s)",
                        diff.len()
                    )),
                    Some(diff.to_json()),
                ),
            );
        }
        let document_type = vector
            .document_type
            .or_else(|| DocumentType::declared_by(document));
        if let Some(document_type) = document_type {
            // The schema, not the semantic rules: a source's document that breaks a rule (an
            // end date before its start) is carried whole, with findings, never refused.
            let findings = Validator::shared().schema_findings(document, document_type);
            if !findings.is_empty() {
                out.insert(
                    "adapter/decode.valid",
                    (
                        Outcome::Fail,
                        Some(format!(
                            "the canonical document breaks the schema in {} place(s)",
                            findings.len()
                        )),
                        Some(json!({"findings": findings})),
                    ),
                );
            }
        }
        missing = diff.absent;
    } else {
        let Some(output) = answer.get("output").and_then(Value::as_str) else {
            let e = "an encode answer needs 'output', the document as text".to_owned();
            all_error(e.clone(), &mut out);
            out.insert("adapter/protocol", (Outcome::Fail, Some(e), None));
            return out;
        };
        match &vector.expected {
            Expected::Xml(expected) => {
                missing = Vec::new();
                match compare::same_xml(expected, output.as_bytes()) {
                    Ok(true) => {}
                    Ok(false) => {
                        out.insert("adapter/encode.output", (Outcome::Fail, Some("the XML differs from the expected document (compared by element, attribute and text, ignoring prefixes and whitespace)".into()), None));
                    }
                    Err(e) => {
                        out.insert(
                            "adapter/encode.output",
                            (
                                Outcome::Fail,
                                Some(format!("the output is not well-formed XML: {e}")),
                                None,
                            ),
                        );
                    }
                }
            }
            Expected::Json(expected) => match serde_json::from_str::<Value>(output) {
                Ok(actual) => {
                    let diff = compare::differences(expected, &actual, 20);
                    if *expected != actual {
                        out.insert(
                            "adapter/encode.output",
                            (
                                Outcome::Fail,
                                Some(format!(
                                    "the output differs from the expected one at {} place(s)",
                                    diff.len()
                                )),
                                Some(diff.to_json()),
                            ),
                        );
                    }
                    missing = diff.absent;
                }
                Err(e) => {
                    missing = Vec::new();
                    out.insert(
                        "adapter/encode.output",
                        (
                            Outcome::Fail,
                            Some(format!("the output is not JSON: {e}")),
                            None,
                        ),
                    );
                }
            },
        }
    }
    let unreported = missing_from(&vector.losses, &actual_losses);
    if !unreported.is_empty() {
        out.insert(
            "adapter/losses.complete",
            (
                Outcome::Fail,
                Some(format!(
                    "{} expected loss(es) not reported",
                    unreported.len()
                )),
                Some(json!({"notReported": pairs(&unreported)})),
            ),
        );
    }
    let surplus = missing_from(&actual_losses, &vector.losses);
    if !surplus.is_empty() {
        out.insert(
            "adapter/losses.exact",
            (
                Outcome::Fail,
                Some(format!(
                    "{} loss(es) reported that the vector does not expect",
                    surplus.len()
                )),
                Some(json!({"unexpected": pairs(&surplus)})),
            ),
        );
    }
    if !missing.is_empty() && surplus.is_empty() {
        out.insert(
            "adapter/losses.no-silent-drop",
            (
                Outcome::Fail,
                Some(format!(
                    "{} value(s) the vector keeps are missing, and no loss entry beyond the expected ones accounts for them",
                    missing.len()
                )),
                Some(json!({"absent": missing})),
            ),
        );
    }
    out
}
