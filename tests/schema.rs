//! The JSON Schema shipped in docs/ is the one jixiao generates, and the
//! JSON of every valid file conforms to it.

mod support;

use serde_json::Value;
use support::{jixiao, root};

/// Checks `value` against `schema` (the subset of JSON Schema that schemars
/// writes: type, properties, required, $ref, anyOf, oneOf, const, enum,
/// items, additionalProperties). Returns where it does not conform.
fn validate(value: &Value, schema: &Value, root: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(value, &root["$defs"][name], root, at);
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array)
        && !options.iter().any(|o| validate(value, o, root, at).is_ok())
    {
        return Err(format!("{at}: matches no anyOf option"));
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|o| validate(value, o, root, at).is_ok())
            .count();
        if matching != 1 {
            return Err(format!("{at}: matches {matching} oneOf options"));
        }
    }
    if let Some(c) = schema.get("const")
        && value != c
    {
        return Err(format!("{at}: {value} is not {c}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {options:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let ok = types.contains(&kind) || (kind == "integer" && types.contains(&"number"));
        if !ok {
            return Err(format!("{at}: {kind} where {types:?} is expected"));
        }
    }
    if let (Some(object), Some(properties)) = (value.as_object(), schema.get("properties")) {
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = required.as_str().unwrap();
            if !object.contains_key(key) {
                return Err(format!("{at}: {key} is missing"));
            }
        }
        for (key, v) in object {
            match properties.get(key) {
                Some(s) => validate(v, s, root, &format!("{at}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: {key} is not allowed"));
                }
                None => return Err(format!("{at}: {key} is not in the schema")),
            }
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item, schema, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let shipped = std::fs::read_to_string(root().join("docs/model.schema.json")).unwrap();
    let run = jixiao(&["schema"], &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout, shipped,
        "run `jixiao schema > docs/model.schema.json`"
    );
}

#[test]
fn the_json_of_every_valid_file_conforms() {
    let schema: Value = serde_json::from_str(&jixiao::model::schema()).unwrap();
    let mut checked = 0;
    for dir in ["examples", "tests/fixtures/ok", "tests/fixtures/spec"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "jx") {
                continue;
            }
            let run = jixiao(&["json", path.to_str().unwrap()], &[]);
            assert_eq!(run.code, 0, "{}", path.display());
            let value: Value = serde_json::from_str(&run.stdout).unwrap();
            if let Err(e) = validate(&value, &schema, &schema, "$") {
                panic!("{}: {e}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 8);
    // The validator is not a rubber stamp.
    let partial = serde_json::json!({ "partial": false, "indicators": [], "funds_rows": [],
        "categories": [], "total": null, "diagnostics": [] });
    assert!(validate(&partial, &schema, &schema, "$").is_err());
    let bad = serde_json::json!({ "evaluation": { "name": 1 } });
    assert!(validate(&bad, &schema, &schema, "$").is_err());
}

/// A file with errors prints its partial model (`"partial": true`, the
/// figures that could be computed, the diagnostics), which conforms too.
#[test]
fn the_json_of_every_broken_file_is_partial_and_conforms() {
    let schema: Value = serde_json::from_str(&jixiao::model::schema()).unwrap();
    let mut partial = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/errors")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jx") {
            continue;
        }
        let run = jixiao(&["json", path.to_str().unwrap()], &[]);
        let value: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), run.stdout));
        if let Err(e) = validate(&value, &schema, &schema, "$") {
            panic!("{}: {e}", path.display());
        }
        if run.code == 1 {
            assert_eq!(value["partial"], true, "{}", path.display());
            assert!(!value["diagnostics"].as_array().unwrap().is_empty());
            partial += 1;
        }
    }
    assert!(partial >= 80, "{partial}");
}
