//! canonical → format → canonical equals the original except for exactly what the loss report
//! lists, for every adapter, on documents made by pruning the examples at random.

use proptest::prelude::*;
use serde_json::Value;
use werkbrug_formats::{CanonicalDocument, DecodeContext, registry};

fn examples() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/documents");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// JSON Pointers of every value in `value`, depth first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match document.pointer_mut(parent) {
        Some(Value::Object(o)) => {
            o.remove(key);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < a.len()
            {
                a.remove(i);
            }
        }
        _ => {}
    }
}

/// Removes empty objects and arrays left behind by pruning.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(o) => {
            o.values_mut().for_each(tidy);
            o.retain(|_, v| {
                !matches!(v, Value::Object(x) if x.is_empty())
                    && !matches!(v, Value::Array(x) if x.is_empty())
            });
        }
        Value::Array(a) => {
            a.iter_mut().for_each(tidy);
            a.retain(|v| !matches!(v, Value::Object(x) if x.is_empty()));
        }
        _ => {}
    }
}

fn check(original: &CanonicalDocument, format: &str) -> Result<(), TestCaseError> {
    let adapter = registry::get(format).unwrap();
    let Ok(encoded) = adapter.encode(original) else {
        return Ok(()); // the format does not carry this document type
    };
    let back = adapter
        .decode(
            &encoded.bytes,
            Some(original.document_type()),
            &DecodeContext::of(original),
        )
        .map_err(|e| TestCaseError::fail(format!("{format} cannot read its own output: {e}")))?;
    // The original less every reported loss; removing later and deeper paths first keeps the
    // earlier array indexes valid, as the report's paths refer to the original.
    let mut expected = original.to_value();
    let mut lost: Vec<Vec<String>> = encoded
        .losses
        .entries
        .iter()
        .filter(|e| e.path.starts_with('/'))
        .map(|e| e.path.split('/').map(str::to_owned).collect())
        .collect();
    lost.sort_by(|a, b| {
        for (x, y) in a.iter().zip(b) {
            let order = match (x.parse::<usize>(), y.parse::<usize>()) {
                (Ok(i), Ok(j)) => i.cmp(&j),
                _ => x.cmp(y),
            };
            if order.is_ne() {
                return order.reverse();
            }
        }
        b.len().cmp(&a.len())
    });
    for path in lost {
        remove(&mut expected, &path.join("/"));
    }
    let after = back.document.to_value();
    let mut leaves = Vec::new();
    pointers(&expected, String::new(), &mut leaves);
    for pointer in leaves {
        let value = expected.pointer(&pointer).unwrap();
        if value.is_object() || value.is_array() {
            continue;
        }
        let kept = after
            .pointer(&pointer)
            .is_some_and(|v| v == value || (v.as_f64().is_some() && v.as_f64() == value.as_f64()));
        prop_assert!(
            kept,
            "{format}: {pointer} is neither carried over nor in the loss report\n{:#?}",
            encoded.losses
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn what_is_not_reported_lost_survives_the_round_trip(
        example in 0usize..6,
        cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..12),
    ) {
        let mut document = examples().swap_remove(example);
        let mut all = Vec::new();
        pointers(&document, String::new(), &mut all);
        let protected = ["/documentType", "/identifiers", "/metadata", "/title", "/status"];
        for cut in cuts {
            let pointer = cut.get(&all).clone();
            if !protected.iter().any(|p| pointer.starts_with(p)) {
                remove(&mut document, &pointer);
            }
        }
        tidy(&mut document);
        let canonical = registry::get("canonical").unwrap();
        let context = DecodeContext::new("unused", "2026-01-01T00:00:00Z".parse().unwrap());
        // A cut that removed a required property gives an invalid document: not a valid input.
        let Ok(decoded) = canonical.decode(document.to_string().as_bytes(), None, &context) else {
            return Ok(());
        };
        for format in ["vum", "setu-xml", "setu-json", "hropen", "schema-org"] {
            check(&decoded.document, format)?;
        }
    }
}
