//! JSON -> Connect: the envelope, schemas (`asConnectSchema`) and values
//! (`convertToConnect`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::{decimal_from_bytes, decimal_from_text, java_type_from_name, JsonConfig};
use crate::error::{NativeError, Result};
use crate::json::{self, Json, Number};
use crate::schema::{Field, Logical, Schema, SchemaType, Value};

// ---------------------------------------------------------------------------------------------
// JSON -> Connect

const ENVELOPE_ERROR: &str = "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

/// Envelope schemas already parsed, keyed by their JSON text (Java caches by `JsonNode`).
#[derive(Debug, Default)]
pub struct SchemaTextCache {
    capacity: usize,
    map: Mutex<HashMap<Vec<u8>, Arc<Schema>>>,
}

impl SchemaTextCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The schema whose JSON text is `text`, parsed on a miss.
    fn get_or_parse(&self, text: &[u8], cfg: &JsonConfig) -> Result<Arc<Schema>> {
        if let Some(hit) = self.map.lock().expect("schema cache poisoned").get(text) {
            return Ok(hit.clone());
        }
        let node = json::parse(text)?.ok_or_else(|| NativeError::data(ENVELOPE_ERROR))?;
        let schema = Arc::new(schema_from_json(&node, cfg)?);
        let mut map = self.map.lock().expect("schema cache poisoned");
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(text.to_vec(), schema.clone());
        Ok(schema)
    }
}

/// Deserialise one record (`toConnectData`); `None` input is the tombstone.
pub fn decode(
    data: Option<&[u8]>,
    cfg: &JsonConfig,
    cache: &SchemaTextCache,
) -> Result<(Option<Arc<Schema>>, Value)> {
    let Some(data) = data else {
        return Ok((None, Value::Null));
    };
    if !cfg.schemas_enable {
        // Schemaless: parse straight into Connect values, no intermediate tree.
        return Ok((
            None,
            json::parse_into::<SchemalessValues>(data)?.unwrap_or(Value::Null),
        ));
    }
    // The schema member is only located while parsing; its text keys the schema cache.
    let (node, span) = json::parse_with_span(data, "schema")?;
    let Some(Json::Object(members)) = node else {
        return Err(NativeError::data(ENVELOPE_ERROR));
    };
    if members.len() != 2 {
        return Err(NativeError::data(ENVELOPE_ERROR));
    }
    let mut payload = None;
    for (k, v) in members {
        if k == "payload" {
            payload = Some(v);
        }
    }
    let (Some(schema_text), Some(payload)) = (span, payload) else {
        return Err(NativeError::data(ENVELOPE_ERROR));
    };
    if schema_text == b"null" {
        return Ok((None, schemaless_to_connect(payload)?));
    }
    let schema = cache.get_or_parse(schema_text, cfg)?;
    let value = to_connect(&schema, Some(payload), cfg)?;
    Ok((Some(schema), value))
}

/// `asConnectSchema`.
pub fn schema_from_json(node: &Json, cfg: &JsonConfig) -> Result<Schema> {
    let ty_name = match node.get("type") {
        Some(Json::String(t)) => t.as_str(),
        _ => return Err(NativeError::data("Schema must contain 'type' field")),
    };
    let ty = java_type_from_name(ty_name)
        .ok_or_else(|| NativeError::data(format!("Unknown schema type: {ty_name}")))?;
    let mut s = Schema::new(ty);
    match ty {
        SchemaType::Array => match node.get("items") {
            None | Some(Json::Null) => {
                return Err(NativeError::data(
                    "Array schema did not specify the element type",
                ))
            }
            Some(items) => s.value_schema = Some(Arc::new(schema_from_json(items, cfg)?)),
        },
        SchemaType::Map => {
            let keys = node
                .get("keys")
                .ok_or_else(|| NativeError::data("Map schema did not specify the key type"))?;
            let values = node
                .get("values")
                .ok_or_else(|| NativeError::data("Map schema did not specify the value type"))?;
            s.key_schema = Some(Arc::new(schema_from_json(keys, cfg)?));
            s.value_schema = Some(Arc::new(schema_from_json(values, cfg)?));
        }
        SchemaType::Struct => {
            let Some(Json::Array(fields)) = node.get("fields") else {
                return Err(NativeError::data(
                    "Struct schema's \"fields\" argument is not an array.",
                ));
            };
            for f in fields {
                let Some(Json::String(name)) = f.get("field") else {
                    return Err(NativeError::data(
                        "Struct schema's field name not specified properly",
                    ));
                };
                if s.fields.iter().any(|e| e.name == *name) {
                    return Err(NativeError::data(format!(
                        "Cannot create field because of field name duplication {name}"
                    )));
                }
                s.fields.push(Field {
                    name: name.clone(),
                    schema: Arc::new(schema_from_json(f, cfg)?),
                });
            }
        }
        _ => {}
    }
    s.optional = matches!(node.get("optional"), Some(Json::Bool(true)));
    if let Some(Json::String(name)) = node.get("name") {
        s.name = Some(name.clone());
    }
    if let Some(Json::Number(n)) = node.get("version") {
        if n.is_integral() {
            s.version = Some(n.as_i64_lossy() as i32);
        }
    }
    if let Some(Json::String(doc)) = node.get("doc") {
        s.doc = Some(doc.clone());
    }
    if let Some(Json::Object(params)) = node.get("parameters") {
        let mut out = Vec::with_capacity(params.len());
        for (k, v) in params {
            let Json::String(v) = v else {
                return Err(NativeError::data(
                    "Schema parameters must have string values.",
                ));
            };
            out.push((k.clone(), v.clone()));
        }
        s.parameters = Some(out);
    }
    s.resolve_logical();
    if let Some(default) = node.get("default") {
        if ty == SchemaType::Struct && !matches!(default, Json::Null) {
            return Err(NativeError::data(
                "Struct schemas with a default value are not supported",
            ));
        }
        let v = to_connect(&s, Some(default.clone()), cfg)?;
        s.default = if v.is_null() { None } else { Some(v) };
    }
    Ok(s)
}

fn wrong_node(expected: &str, kind: &str) -> NativeError {
    NativeError::data(format!("Invalid JSON for {expected}: found {kind}"))
}

/// `convertToConnect` with a schema.
/// Takes the JSON by value so strings move into the result without copies.
pub fn to_connect(s: &Schema, node: Option<Json>, cfg: &JsonConfig) -> Result<Value> {
    let node = match node {
        None | Some(Json::Null) => {
            if let (Some(default), true) = (&s.default, cfg.replace_null_with_default) {
                return Ok(default.clone());
            }
            if s.optional {
                return Ok(Value::Null);
            }
            return Err(NativeError::data(format!(
                "Invalid null value for required {} field",
                s.ty.java_name()
            )));
        }
        Some(n) => n,
    };
    match s.logical {
        Logical::None => {}
        Logical::Decimal(scale) => {
            return match node {
                Json::Number(n) => decimal_from_text(&n.text()).map(Value::Decimal),
                Json::String(t) => {
                    let bytes = B64.decode(&t).map_err(|_| NativeError::data("Invalid bytes for Decimal field"))?;
                    let scale = scale.ok_or_else(|| NativeError::data("Invalid bytes for Decimal field"))?;
                    Ok(Value::Decimal(decimal_from_bytes(&bytes, scale)))
                }
                other => Err(NativeError::data(format!(
                    "Invalid type for Decimal, underlying representation should be numeric or bytes but was {}",
                    other.node_type()
                ))),
            };
        }
        Logical::Date => {
            return match node {
                Json::Number(n) if n.is_int() => Ok(Value::Date(n.as_i64_lossy() as i32)),
                other => Err(NativeError::data(format!(
                    "Invalid type for Date, underlying representation should be integer but was {}",
                    other.node_type()
                ))),
            };
        }
        Logical::Time => {
            return match node {
                Json::Number(n) if n.is_int() => {
                    let ms = n.as_i64_lossy() as i32;
                    if !(0..=86_400_000).contains(&ms) {
                        return Err(NativeError::data(
                            "Time values must use number of milliseconds greater than 0 and less than 86400000",
                        ));
                    }
                    Ok(Value::Time(ms))
                }
                other => Err(NativeError::data(format!(
                    "Invalid type for Time, underlying representation should be integer but was {}",
                    other.node_type()
                ))),
            };
        }
        Logical::Timestamp => {
            return match node {
                Json::Number(n) if n.is_integral() => Ok(Value::Timestamp(n.as_i64_lossy())),
                other => Err(NativeError::data(format!(
                    "Invalid type for Timestamp, underlying representation should be integral but was {}",
                    other.node_type()
                ))),
            };
        }
    }
    let kind = node.node_type();
    match (s.ty, node) {
        (SchemaType::Boolean, Json::Bool(b)) => Ok(Value::Boolean(b)),
        (SchemaType::Int8, Json::Number(n)) => {
            Ok(Value::Int(i64::from(n.as_i64_lossy() as i32 as i8)))
        }
        (SchemaType::Int16, Json::Number(n)) => {
            Ok(Value::Int(i64::from(n.as_i64_lossy() as i32 as i16)))
        }
        (SchemaType::Int32, Json::Number(n)) => Ok(Value::Int(i64::from(n.as_i64_lossy() as i32))),
        (SchemaType::Int64, Json::Number(n)) => Ok(Value::Int(n.as_i64_lossy())),
        (SchemaType::Float32, Json::Number(n)) => Ok(Value::Float(f64::from(n.as_f64() as f32))),
        (SchemaType::Float64, Json::Number(n)) => Ok(Value::Float(n.as_f64())),
        (SchemaType::Float32 | SchemaType::Float64, Json::String(t)) => match t.as_str() {
            "NaN" => Ok(Value::Float(f64::NAN)),
            "Infinity" => Ok(Value::Float(f64::INFINITY)),
            "-Infinity" => Ok(Value::Float(f64::NEG_INFINITY)),
            _ => Err(wrong_node(s.ty.java_name(), kind)),
        },
        (SchemaType::String, Json::String(t)) => Ok(Value::String(t)),
        (SchemaType::Bytes, Json::String(t)) => B64
            .decode(&t)
            .map(Value::Bytes)
            .map_err(|_| NativeError::data("Invalid bytes field")),
        (SchemaType::Array, Json::Array(items)) => items
            .into_iter()
            .map(|i| to_connect(s.value_schema(), Some(i), cfg))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array),
        (SchemaType::Map, node) => map_to_connect(s, node, cfg),
        (SchemaType::Struct, Json::Object(mut members)) => s
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                // Members are usually in field order: look there first.  A taken member is
                // left as null, which reads like a missing one.
                let at = match members.get(i) {
                    Some((k, _)) if *k == f.name => Some(i),
                    _ => members.iter().position(|(k, _)| *k == f.name),
                };
                let member = at.map(|j| std::mem::replace(&mut members[j].1, Json::Null));
                to_connect(&f.schema, member, cfg)
            })
            .collect::<Result<Vec<_>>>()
            .map(Value::Struct),
        (SchemaType::Struct, _) => Err(NativeError::data(format!(
            "Structs should be encoded as JSON objects, but found {kind}"
        ))),
        (t, _) => Err(wrong_node(t.java_name(), kind)),
    }
}

fn map_to_connect(s: &Schema, node: Json, cfg: &JsonConfig) -> Result<Value> {
    let ks = s.key_schema();
    let vs = s.value_schema();
    let kind = node.node_type();
    if ks.ty == SchemaType::String {
        let Json::Object(members) = node else {
            return Err(NativeError::data(format!(
                "Maps with string fields should be encoded as JSON objects, but found {kind}"
            )));
        };
        return members
            .into_iter()
            .map(|(k, v)| Ok((Value::String(k), to_connect(vs, Some(v), cfg)?)))
            .collect::<Result<Vec<_>>>()
            .map(Value::Map);
    }
    let Json::Array(entries) = node else {
        return Err(NativeError::data(format!(
            "Maps with non-string fields should be encoded as JSON array of tuples, but found {kind}"
        )));
    };
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let Json::Array(pair) = e else {
            return Err(NativeError::data(format!(
                "Found invalid map entry instead of array tuple: {}",
                e.node_type()
            )));
        };
        let len = pair.len();
        let Ok::<[Json; 2], _>([k, v]) = pair.try_into() else {
            return Err(NativeError::data(format!(
                "Found invalid map entry, expected length 2 but found :{len}"
            )));
        };
        out.push((to_connect(ks, Some(k), cfg)?, to_connect(vs, Some(v), cfg)?));
    }
    Ok(Value::Map(out))
}

/// Builds schemaless Connect values while parsing (`convertToConnect` with no schema):
/// integers -> INT64 (bigger ones keep their low 64 bits, as `longValue()`), other
/// numbers -> FLOAT64, objects -> maps.
pub struct SchemalessValues;

impl json::Build for SchemalessValues {
    type Node = Value;

    fn null() -> Value {
        Value::Null
    }

    fn boolean(b: bool) -> Value {
        Value::Boolean(b)
    }

    fn number(text: &str, integral: bool) -> Value {
        if integral {
            Value::Int(
                text.parse::<i64>()
                    .unwrap_or_else(|_| Number::BigInt(text.to_owned()).as_i64_lossy()),
            )
        } else {
            Value::Float(json::number_text_to_f64(text))
        }
    }

    fn string(s: String) -> Value {
        Value::String(s)
    }

    fn array(items: Vec<Value>) -> Value {
        Value::Array(items)
    }

    fn object(members: Vec<(String, Value)>) -> Value {
        Value::Map(
            members
                .into_iter()
                .map(|(k, v)| (Value::String(k), v))
                .collect(),
        )
    }
}

/// `convertToConnect` without a schema (takes the JSON by value: no string copies).
pub fn schemaless_to_connect(node: Json) -> Result<Value> {
    Ok(match node {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Boolean(b),
        Json::Number(n @ (Number::Int(_) | Number::BigInt(_))) => Value::Int(n.as_i64_lossy()),
        Json::Number(n) => Value::Float(n.as_f64()),
        Json::String(t) => Value::String(t),
        Json::Array(items) => Value::Array(
            items
                .into_iter()
                .map(schemaless_to_connect)
                .collect::<Result<_>>()?,
        ),
        Json::Object(members) => Value::Map(
            members
                .into_iter()
                .map(|(k, v)| Ok((Value::String(k), schemaless_to_connect(v)?)))
                .collect::<Result<_>>()?,
        ),
    })
}
