//! Documents generated from a JSON Schema (or an OpenAPI 3.0 schema object) by walking it: what
//! the schema allows, with realistic string shapes where the property name says what the value
//! is (telephone numbers in every notation, URIs and legacy codes, e-mail addresses, web
//! addresses), optional parts left out at random and arrays of one to three items.
//!
//! References are resolved within the document and across files (HR Open's
//! `../../common/json/base/...`), from disk only. Every choice comes from one seeded random
//! generator, so a seed and an index replay a document exactly.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::prelude::RngExt;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

use super::shapes;

/// A set of schema files, keyed by their canonical path.
#[derive(Default)]
pub struct Schemas {
    files: HashMap<PathBuf, Value>,
}

impl Schemas {
    /// Adds a file that is already parsed (a YAML contract converted to JSON).
    pub fn insert(&mut self, path: &Path, document: Value) {
        self.files.insert(path.to_path_buf(), document);
    }

    /// The document of `path`, read from disk the first time (JSON files).
    fn file(&mut self, path: &Path) -> &Value {
        if !self.files.contains_key(path) {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let value: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            self.files.insert(path.to_path_buf(), value);
        }
        &self.files[path]
    }

    /// The node a `$ref` in `file` points to, with the file it lies in.
    fn resolve(&mut self, file: &Path, reference: &str) -> (PathBuf, Value) {
        let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if target.is_empty() {
            file.to_path_buf()
        } else {
            let joined = file
                .parent()
                .expect("a schema file has a directory")
                .join(target);
            joined.canonicalize().unwrap_or_else(|e| {
                panic!("cannot resolve {reference} from {}: {e}", file.display())
            })
        };
        let document = self.file(&target);
        let node = if pointer.is_empty() {
            document.clone()
        } else {
            document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} does not resolve in {}", target.display()))
                .clone()
        };
        (target, node)
    }
}

/// What to generate and how deep.
pub struct Generator<'s> {
    schemas: &'s mut Schemas,
    runner: TestRunner,
    regexes: HashMap<String, proptest::string::RegexGeneratorStrategy<String>>,
    fallbacks: HashMap<String, jsonschema::Validator>,
    /// Beyond this depth only required properties are generated.
    pub max_depth: usize,
}

/// An object schema with its `allOf` parts merged.
struct Flattened {
    properties: Vec<(String, PathBuf, Value)>,
    required: Vec<String>,
    min_properties: usize,
    /// Property dependencies: when the first is present, so are the others.
    dependencies: Vec<(String, Vec<String>)>,
}

impl<'s> Generator<'s> {
    /// A generator drawing every choice from `seed`.
    pub fn new(schemas: &'s mut Schemas, seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        Self {
            schemas,
            runner: TestRunner::new_with_rng(Config::default(), rng),
            regexes: HashMap::new(),
            fallbacks: HashMap::new(),
            max_depth: 7,
        }
    }

    /// The random generator, for the shapes.
    pub fn rng(&mut self) -> &mut TestRng {
        self.runner.rng()
    }

    /// One document of the schema at `pointer` in `file` (`""` for the whole file).
    pub fn document(&mut self, file: &Path, pointer: &str) -> Value {
        let (file, node) = self.schemas.resolve(file, &format!("#{pointer}"));
        self.value(&file, &node, "", 0)
            .unwrap_or_else(|| Value::Object(Map::new()))
    }

    fn value(&mut self, file: &Path, node: &Value, name: &str, depth: usize) -> Option<Value> {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let (target, resolved) = self.schemas.resolve(file, reference);
            return self.value(&target, &resolved, name, depth);
        }
        if let Some(constant) = node.get("const") {
            return Some(constant.clone());
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array) {
            let index = self.rng().random_range(0..options.len());
            return Some(options[index].clone());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = node.get(key).and_then(Value::as_array)
                && !branches.is_empty()
            {
                let index = self.rng().random_range(0..branches.len());
                return self.value(file, &branches[index].clone(), name, depth);
            }
        }
        let kind = match node.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string")
                .to_owned(),
            _ if node.get("properties").is_some() || node.get("allOf").is_some() => {
                "object".to_owned()
            }
            _ if node.get("items").is_some() => "array".to_owned(),
            _ => "string".to_owned(),
        };
        match kind.as_str() {
            "object" => Some(self.object(file, node, name, depth)),
            "array" => {
                let items = node.get("items").cloned().unwrap_or(json!({}));
                let min = node
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1);
                let max = node
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(3)
                    .clamp(min, min.max(3));
                let count = self.rng().random_range(min..=max);
                let values: Vec<Value> = (0..count)
                    .filter_map(|_| self.value(file, &items, name, depth + 1))
                    .collect();
                (!values.is_empty()).then_some(Value::Array(values))
            }
            "integer" => {
                let min = node.get("minimum").and_then(Value::as_i64).unwrap_or(0);
                let max = node
                    .get("maximum")
                    .and_then(Value::as_i64)
                    .unwrap_or(min + 1000);
                Some(json!(self.rng().random_range(min..=max)))
            }
            "number" => {
                let min = node.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
                let max = node
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .unwrap_or(min + 5000.0);
                let cents = self
                    .rng()
                    .random_range((min * 100.0) as i64..=(max * 100.0) as i64);
                Some(json!(cents as f64 / 100.0))
            }
            "boolean" => Some(json!(self.rng().random_bool(0.5))),
            _ => Some(Value::String(self.string(node, name))),
        }
    }

    fn string(&mut self, node: &Value, name: &str) -> String {
        let max = node
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(80, |m| m as usize);
        let min = node.get("minLength").and_then(Value::as_u64).unwrap_or(1) as usize;
        let text = match node.get("format").and_then(Value::as_str) {
            Some("date") => shapes::date(self.rng()),
            Some("date-time") => shapes::date_time(self.rng()),
            Some("email") => shapes::email(self.rng(), true),
            Some("uri") | Some("uri-reference") => shapes::url(self.rng(), true),
            _ => match node.get("pattern").and_then(Value::as_str) {
                Some(pattern) => self.matching(pattern),
                None => {
                    // An unbounded free text is now and then longer than any canonical limit.
                    let long = node.get("maxLength").is_none() && self.rng().random_bool(0.03);
                    shapes::by_name(self.rng(), name, max, long)
                }
            },
        };
        let mut text: String = text.chars().take(max).collect();
        while text.chars().count() < min {
            text.push('x');
        }
        text
    }

    /// A string matching `pattern`. Patterns the regex crate reads are generated from; others
    /// (HR Open's dates use look-ahead and back-references) get the first realistic shape that
    /// the pattern, checked as ECMA 262 by jsonschema, accepts.
    fn matching(&mut self, pattern: &str) -> String {
        if !self.regexes.contains_key(pattern) && !self.fallbacks.contains_key(pattern) {
            // Generation needs no anchors: what the body yields matches the anchored pattern.
            let body = pattern.strip_prefix('^').unwrap_or(pattern);
            let body = body.strip_suffix('$').unwrap_or(body);
            // ECMA 262's `\d` is ASCII; the regex crate's is every Unicode digit.
            let body = body.replace("\\d", "[0-9]");
            match proptest::string::string_regex(&body) {
                Ok(strategy) => {
                    self.regexes.insert(pattern.to_owned(), strategy);
                }
                Err(_) => {
                    let check =
                        jsonschema::validator_for(&json!({"type": "string", "pattern": pattern}))
                            .unwrap_or_else(|e| panic!("pattern {pattern} does not compile: {e}"));
                    self.fallbacks.insert(pattern.to_owned(), check);
                }
            }
        }
        if let Some(strategy) = self.regexes.get(pattern) {
            return strategy
                .new_tree(&mut self.runner)
                .expect("a regex strategy always yields a value")
                .current();
        }
        let candidates = [
            shapes::date(self.rng()),
            shapes::date_time(self.rng()),
            shapes::date(self.rng())[..7].to_owned(),
            shapes::date(self.rng())[..4].to_owned(),
            format!(
                "{:02}:{:02}",
                self.rng().random_range(0..24),
                self.rng().random_range(0..60)
            ),
            format!("P{}D", self.rng().random_range(1..60)),
            format!("PT{}H", self.rng().random_range(1..40)),
            shapes::words(self.rng(), 40),
            format!("{}", self.rng().random_range(0..100_000)),
        ];
        let check = &self.fallbacks[pattern];
        candidates
            .into_iter()
            .find(|c| check.is_valid(&Value::String(c.clone())))
            .unwrap_or_else(|| panic!("no shape matches pattern {pattern}"))
    }

    fn flatten(&mut self, file: &Path, node: &Value, into: &mut Flattened, depth: usize) {
        if depth > 16 {
            return;
        }
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let (target, resolved) = self.schemas.resolve(file, reference);
            self.flatten(&target, &resolved, into, depth + 1);
            return;
        }
        for part in node
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.flatten(file, part, into, depth + 1);
        }
        for (name, schema) in node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !into.properties.iter().any(|(n, _, _)| n == name) {
                into.properties
                    .push((name.clone(), file.to_path_buf(), schema.clone()));
            }
        }
        for name in node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str()
                && !into.required.iter().any(|r| r == name)
            {
                into.required.push(name.to_owned());
            }
        }
        if let Some(min) = node.get("minProperties").and_then(Value::as_u64) {
            into.min_properties = into.min_properties.max(min as usize);
        }
        for (name, dependency) in node
            .get("dependencies")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(names) = dependency.as_array() {
                let names = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
                into.dependencies.push((name.clone(), names));
            }
        }
    }

    fn object(&mut self, file: &Path, node: &Value, path: &str, depth: usize) -> Value {
        let mut flat = Flattened {
            properties: Vec::new(),
            required: Vec::new(),
            min_properties: 0,
            dependencies: Vec::new(),
        };
        self.flatten(file, node, &mut flat, 0);
        // Optional parts thin out with depth, so documents stay the size real ones have.
        let chance = (0.65 - 0.12 * depth as f64).max(0.08);
        let mut object = Map::new();
        for (name, property_file, schema) in &flat.properties {
            let required = flat.required.contains(name);
            let wanted = required || (depth < self.max_depth && self.rng().random_bool(chance));
            if wanted
                && let Some(value) =
                    self.value(property_file, schema, &format!("{path}/{name}"), depth + 1)
            {
                object.insert(name.clone(), value);
            }
        }
        let wanted = flat
            .min_properties
            .max(usize::from(!flat.properties.is_empty()));
        let mut tries = 0;
        while object.len() < wanted && tries < 8 && !flat.properties.is_empty() {
            tries += 1;
            let index = self.rng().random_range(0..flat.properties.len());
            let (name, property_file, schema) = flat.properties[index].clone();
            if !object.contains_key(&name)
                && let Some(value) = self.value(
                    &property_file,
                    &schema,
                    &format!("{path}/{name}"),
                    depth + 1,
                )
            {
                object.insert(name, value);
            }
        }
        for (name, needed) in &flat.dependencies {
            if !object.contains_key(name) {
                continue;
            }
            for other in needed {
                if object.contains_key(other) {
                    continue;
                }
                if let Some((_, property_file, schema)) =
                    flat.properties.iter().find(|(n, _, _)| n == other).cloned()
                    && let Some(value) = self.value(
                        &property_file,
                        &schema,
                        &format!("{path}/{other}"),
                        depth + 1,
                    )
                {
                    object.insert(other.clone(), value);
                }
            }
        }
        Value::Object(object)
    }
}
