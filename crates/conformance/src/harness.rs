//! werkbrug's own side of the adapter protocol: `werkbrug conformance harness` answers the
//! runner's commands with werkbrug's format adapters, exactly as a vendor's harness would.
//!
//! The protocol (version 1) is JSON lines, one command on stdin, one answer on stdout:
//!
//! | command | answer |
//! |---|---|
//! | `{"cmd":"start","protocol":1}` | `{"protocol":1,"implementation":{"name","version"},"formats":[ids]}` |
//! | `{"cmd":"decode","seq":N,"format":F,"documentType":T,"context":{"sourceId","received"},"input":TEXT}` | `{"seq":N,"document":{canonical},"losses":[entries]}` |
//! | `{"cmd":"encode","seq":N,"format":F,"input":{canonical}}` | `{"seq":N,"output":TEXT,"losses":[entries]}` |
//! | `{"cmd":"stop"}` | none; the harness exits |
//!
//! A document the implementation cannot translate is answered with `{"seq":N,"error":TEXT}`.
//! Loss entries are `{"path","kind","reason","valueKind"}`, kind one of `dropped`,
//! `truncated`, `approximated`, `defaulted`.

use std::io::{BufRead, Write};

use serde_json::{Value, json};
use werkbrug_formats::{DecodeContext, registry};
use werkbrug_model::DocumentType;

/// The protocol version this crate speaks.
pub const PROTOCOL_VERSION: u64 = 1;

fn answer(command: &Value) -> Option<Value> {
    let seq = command.get("seq").cloned().unwrap_or(Value::Null);
    let error = |message: String| Some(json!({"seq": seq, "error": message}));
    match command.get("cmd").and_then(Value::as_str) {
        Some("start") => Some(json!({
            "protocol": PROTOCOL_VERSION,
            "implementation": {"name": "werkbrug", "version": env!("CARGO_PKG_VERSION")},
            "formats": registry::all().iter().map(|f| f.id()).collect::<Vec<_>>(),
        })),
        Some("stop") => None,
        Some(cmd @ ("decode" | "encode")) => {
            let Some(format) = command
                .get("format")
                .and_then(Value::as_str)
                .and_then(registry::get)
            else {
                return error("unknown format".into());
            };
            if cmd == "decode" {
                let Some(input) = command.get("input").and_then(Value::as_str) else {
                    return error("input must be the document as text".into());
                };
                let document_type = command
                    .get("documentType")
                    .and_then(Value::as_str)
                    .and_then(|t| t.parse::<DocumentType>().ok());
                let context = &command["context"];
                let received = context["received"]
                    .as_str()
                    .and_then(|r| chrono::DateTime::parse_from_rfc3339(r).ok());
                let (Some(source), Some(received)) = (context["sourceId"].as_str(), received)
                else {
                    return error("context needs sourceId and received (RFC 3339)".into());
                };
                match format.decode(
                    input.as_bytes(),
                    document_type,
                    &DecodeContext::new(source, received),
                ) {
                    Ok(decoded) => Some(json!({
                        "seq": seq,
                        "document": decoded.document.to_value(),
                        "losses": decoded.losses.entries,
                    })),
                    Err(e) => error(e.to_string()),
                }
            } else {
                let Some(input) = command.get("input") else {
                    return error("input must be a canonical document".into());
                };
                let canonical = match registry::get("canonical")
                    .expect("the canonical format is registered")
                    .decode(
                        input.to_string().as_bytes(),
                        None,
                        &DecodeContext::new("unused", chrono::DateTime::UNIX_EPOCH.into()),
                    ) {
                    Ok(decoded) => decoded.document,
                    Err(e) => return error(format!("the input is not canonical: {e}")),
                };
                match format.encode(&canonical) {
                    Ok(encoded) => Some(json!({
                        "seq": seq,
                        "output": String::from_utf8_lossy(&encoded.bytes),
                        "losses": encoded.losses.entries,
                    })),
                    Err(e) => error(e.to_string()),
                }
            }
        }
        _ => error("unknown command".into()),
    }
}

/// Answers commands from `input` on `output` until `stop` or the end of input.
pub fn serve(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Value>(&line) {
            Ok(command) => match answer(&command) {
                Some(reply) => reply,
                None => break,
            },
            Err(e) => json!({"seq": null, "error": format!("the command is not JSON: {e}")}),
        };
        serde_json::to_writer(&mut output, &reply)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}
