//! `JsonConverter`: Connect values <-> JSON bytes, byte-compatible with
//! `org.apache.kafka.connect.json.JsonConverter` (Jackson output).
//!
//! Deliberate differences from Java on *reading* (all of them inputs Java reads
//! as silent garbage): a JSON node of the wrong kind for the schema (e.g. a
//! string for an INT32 field, a number for a BOOLEAN) is a `DataError` where
//! Java yields 0/false/null; non-array JSON for an ARRAY schema is an error
//! where Java yields an empty or odd list; `"NaN"`/`"Infinity"` strings read
//! back as floats (Jackson writes them that way) where Java reads 0.0; struct
//! schemas with a default value are rejected.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use crate::error::{NativeError, Result};
use crate::json::{self, Json, Number};
use crate::schema::{DecimalValue, Field, Logical, Schema, SchemaType, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalFormat {
    Base64,
    Numeric,
}

/// The converter's settings (Java: `JsonConverterConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonConfig {
    pub schemas_enable: bool,
    pub decimal_format: DecimalFormat,
    pub replace_null_with_default: bool,
    pub schemas_cache_size: usize,
}

impl Default for JsonConfig {
    fn default() -> Self {
        Self {
            schemas_enable: true,
            decimal_format: DecimalFormat::Base64,
            replace_null_with_default: true,
            schemas_cache_size: 1000,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Connect -> JSON

/// The schema JSON Java writes for `schema` (`asJsonSchema`).
pub fn schema_json(schema: &Schema, cfg: &JsonConfig) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64);
    write_schema(&mut out, schema, cfg, None)?;
    Ok(out)
}

fn write_schema(
    out: &mut Vec<u8>,
    s: &Schema,
    cfg: &JsonConfig,
    field: Option<&str>,
) -> Result<()> {
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(java_type_name(s.ty).as_bytes());
    out.push(b'"');
    match s.ty {
        SchemaType::Array => {
            out.extend_from_slice(b",\"items\":");
            write_schema(out, s.value_schema(), cfg, None)?;
        }
        SchemaType::Map => {
            out.extend_from_slice(b",\"keys\":");
            write_schema(out, s.key_schema(), cfg, None)?;
            out.extend_from_slice(b",\"values\":");
            write_schema(out, s.value_schema(), cfg, None)?;
        }
        SchemaType::Struct => {
            out.extend_from_slice(b",\"fields\":[");
            for (i, f) in s.fields.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_schema(out, &f.schema, cfg, Some(&f.name))?;
            }
            out.push(b']');
        }
        _ => {}
    }
    out.extend_from_slice(if s.optional {
        b",\"optional\":true".as_slice()
    } else {
        b",\"optional\":false"
    });
    if let Some(name) = &s.name {
        out.extend_from_slice(b",\"name\":");
        json::write_str(out, name);
    }
    if let Some(v) = s.version {
        out.extend_from_slice(b",\"version\":");
        out.extend_from_slice(v.to_string().as_bytes());
    }
    if let Some(doc) = &s.doc {
        out.extend_from_slice(b",\"doc\":");
        json::write_str(out, doc);
    }
    if let Some(params) = &s.parameters {
        out.extend_from_slice(b",\"parameters\":{");
        for (i, (k, v)) in params.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::write_str(out, k);
            out.push(b':');
            json::write_str(out, v);
        }
        out.push(b'}');
    }
    if let Some(default) = &s.default {
        out.extend_from_slice(b",\"default\":");
        write_value(out, Some(s), default, cfg)?;
    }
    if let Some(name) = field {
        out.extend_from_slice(b",\"field\":");
        json::write_str(out, name);
    }
    out.push(b'}');
    Ok(())
}

fn java_type_name(t: SchemaType) -> &'static str {
    match t {
        SchemaType::Float32 => "float",
        SchemaType::Float64 => "double",
        other => other.py_name(),
    }
}

fn java_type_from_name(name: &str) -> Option<SchemaType> {
    match name {
        "float" => Some(SchemaType::Float32),
        "double" => Some(SchemaType::Float64),
        "float32" | "float64" => None,
        other => SchemaType::from_py_name(other),
    }
}

/// Serialise one record (`fromConnectData`); `None` is the tombstone (null schema and value).
/// `schema_json` is the pre-rendered [`schema_json`] of `schema` (used with `schemas.enable`).
pub fn encode(
    schema: Option<&Schema>,
    schema_json: Option<&[u8]>,
    value: &Value,
    cfg: &JsonConfig,
) -> Result<Option<Vec<u8>>> {
    encode_with_capacity(schema, schema_json, value, cfg, 128)
}

/// [`encode`] into a buffer of `capacity` bytes (batches pass the previous record's size).
pub fn encode_with_capacity(
    schema: Option<&Schema>,
    schema_json: Option<&[u8]>,
    value: &Value,
    cfg: &JsonConfig,
    capacity: usize,
) -> Result<Option<Vec<u8>>> {
    if schema.is_none() && value.is_null() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(capacity);
    if cfg.schemas_enable {
        out.extend_from_slice(b"{\"schema\":");
        match (schema, schema_json) {
            (_, Some(text)) => out.extend_from_slice(text),
            (Some(s), None) => write_schema(&mut out, s, cfg, None)?,
            (None, None) => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"payload\":");
        write_value(&mut out, schema, value, cfg)?;
        out.push(b'}');
    } else {
        write_value(&mut out, schema, value, cfg)?;
    }
    Ok(Some(out))
}

fn mismatch(schema: &Schema, value: &Value) -> NativeError {
    NativeError::data(format!(
        "Invalid type for {}: {}",
        schema.ty.java_name(),
        value_kind(value)
    ))
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Boolean(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "float",
        Value::String(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Array(_) => "array",
        Value::Map(_) => "map",
        Value::Struct(_) => "struct",
        Value::Decimal(_) => "decimal",
        Value::Date(_) => "date",
        Value::Time(_) => "time",
        Value::Timestamp(_) => "timestamp",
    }
}

/// `convertToJson`.
pub fn write_value(
    out: &mut Vec<u8>,
    schema: Option<&Schema>,
    value: &Value,
    cfg: &JsonConfig,
) -> Result<()> {
    let Some(s) = schema else {
        return write_schemaless(out, value);
    };
    if value.is_null() {
        if let (Some(default), true) = (&s.default, cfg.replace_null_with_default) {
            return write_value(out, Some(s), default, cfg);
        }
        if s.optional {
            out.extend_from_slice(b"null");
            return Ok(());
        }
        return Err(NativeError::data(
            "Conversion error: null value for field that is required and has no default value",
        ));
    }
    match (s.logical, value) {
        (Logical::Decimal(_), Value::Decimal(d)) => return write_decimal(out, s, d, cfg),
        (Logical::Decimal(_), v) => {
            return Err(NativeError::data(format!(
                "Invalid type for Decimal, expected BigDecimal but was {}",
                value_kind(v)
            )))
        }
        (Logical::Date, Value::Date(d)) | (Logical::Time, Value::Time(d)) => {
            write_int(out, i64::from(*d));
            return Ok(());
        }
        (Logical::Timestamp, Value::Timestamp(t)) => {
            write_int(out, *t);
            return Ok(());
        }
        (Logical::Date | Logical::Time | Logical::Timestamp, v) => {
            let name = match s.logical {
                Logical::Date => "Date",
                Logical::Time => "Time",
                _ => "Timestamp",
            };
            return Err(NativeError::data(format!(
                "Invalid type for {name}, expected Date but was {}",
                value_kind(v)
            )));
        }
        (Logical::None, _) => {}
    }
    match (s.ty, value) {
        (
            SchemaType::Int8 | SchemaType::Int16 | SchemaType::Int32 | SchemaType::Int64,
            Value::Int(i),
        ) => {
            write_int(out, *i);
        }
        (SchemaType::Float32, Value::Float(f)) => json::write_f32(out, *f as f32),
        (SchemaType::Float64, Value::Float(f)) => json::write_f64(out, *f),
        (SchemaType::Boolean, Value::Boolean(b)) => {
            out.extend_from_slice(if *b { b"true".as_slice() } else { b"false" });
        }
        (SchemaType::String, Value::String(t)) => json::write_str(out, t),
        (SchemaType::Bytes, Value::Bytes(b)) => write_base64(out, b),
        (SchemaType::Array, Value::Array(items)) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, Some(s.value_schema()), item, cfg)?;
            }
            out.push(b']');
        }
        (SchemaType::Map, Value::Map(entries)) => {
            let ks = s.key_schema();
            let vs = s.value_schema();
            if ks.ty == SchemaType::String {
                out.push(b'{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_object_key(out, Some(ks), k, cfg)?;
                    out.push(b':');
                    write_value(out, Some(vs), v, cfg)?;
                }
                out.push(b'}');
            } else {
                out.push(b'[');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.push(b'[');
                    write_value(out, Some(ks), k, cfg)?;
                    out.push(b',');
                    write_value(out, Some(vs), v, cfg)?;
                    out.push(b']');
                }
                out.push(b']');
            }
        }
        (SchemaType::Struct, Value::Struct(values)) => {
            if values.len() != s.fields.len() {
                return Err(NativeError::data("Mismatching schema."));
            }
            out.push(b'{');
            for (i, (f, v)) in s.fields.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json::write_str(out, &f.name);
                out.push(b':');
                write_value(out, Some(&f.schema), v, cfg)?;
            }
            out.push(b'}');
        }
        _ => return Err(mismatch(s, value)),
    }
    Ok(())
}

/// An object key: the text of the converted key (`JsonNode.asText()`).
fn write_object_key(
    out: &mut Vec<u8>,
    ks: Option<&Schema>,
    key: &Value,
    cfg: &JsonConfig,
) -> Result<()> {
    match key {
        Value::String(k) => json::write_str(out, k),
        Value::Null if ks.is_some_and(|k| k.default.is_some() && cfg.replace_null_with_default) => {
            let ks = ks.expect("checked above");
            return write_object_key(
                out,
                Some(ks),
                ks.default.as_ref().expect("checked above"),
                cfg,
            );
        }
        Value::Null if ks.is_none_or(|k| k.optional) => json::write_str(out, "null"),
        Value::Null => {
            return Err(NativeError::data(
                "Conversion error: null value for field that is required and has no default value",
            ))
        }
        other => {
            return Err(mismatch(
                ks.expect("string keyed maps have a key schema"),
                other,
            ))
        }
    }
    Ok(())
}

fn write_schemaless(out: &mut Vec<u8>, value: &Value) -> Result<()> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Boolean(b) => out.extend_from_slice(if *b { b"true".as_slice() } else { b"false" }),
        Value::Int(i) => write_int(out, *i),
        Value::Float(f) => json::write_f64(out, *f),
        Value::String(t) => json::write_str(out, t),
        Value::Bytes(b) => write_base64(out, b),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_schemaless(out, item)?;
            }
            out.push(b']');
        }
        Value::Map(entries) => {
            let object_mode = entries.iter().all(|(k, _)| matches!(k, Value::String(_)));
            out.push(if object_mode { b'{' } else { b'[' });
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if let (true, Value::String(k)) = (object_mode, k) {
                    json::write_str(out, k);
                    out.push(b':');
                    write_schemaless(out, v)?;
                } else {
                    out.push(b'[');
                    write_schemaless(out, k)?;
                    out.push(b',');
                    write_schemaless(out, v)?;
                    out.push(b']');
                }
            }
            out.push(if object_mode { b'}' } else { b']' });
        }
        Value::Struct(_) => return Err(NativeError::data("Mismatching schema.")),
        other => {
            return Err(NativeError::data(format!(
                "{} value does not have corresponding schema type.",
                value_kind(other)
            )))
        }
    }
    Ok(())
}

fn write_int(out: &mut Vec<u8>, i: i64) {
    let mut buf = itoa_buf(i);
    out.append(&mut buf);
}

fn itoa_buf(i: i64) -> Vec<u8> {
    i.to_string().into_bytes()
}

fn write_base64(out: &mut Vec<u8>, b: &[u8]) {
    out.push(b'"');
    let start = out.len();
    out.resize(start + base64::encoded_len(b.len(), true).unwrap_or(0), 0);
    let n = B64.encode_slice(b, &mut out[start..]).unwrap_or(0);
    out.truncate(start + n);
    out.push(b'"');
}

fn write_decimal(out: &mut Vec<u8>, s: &Schema, d: &DecimalValue, cfg: &JsonConfig) -> Result<()> {
    match cfg.decimal_format {
        DecimalFormat::Numeric => {
            out.extend_from_slice(
                json::big_decimal_string(d.negative, &d.digits, d.scale).as_bytes(),
            );
        }
        DecimalFormat::Base64 => {
            let scale = s.decimal_scale()?;
            if d.scale != scale {
                return Err(NativeError::data(format!(
                    "Decimal value has mismatching scale for given Decimal schema. Schema has scale {scale}, value has scale {}.",
                    d.scale
                )));
            }
            write_base64(out, &unscaled_bytes(d));
        }
    }
    Ok(())
}

/// `BigInteger.toByteArray()` of the unscaled value.
pub fn unscaled_bytes(d: &DecimalValue) -> Vec<u8> {
    let mag: num_bigint::BigInt = d.digits.parse().unwrap_or_default();
    let v = if d.negative { -mag } else { mag };
    v.to_signed_bytes_be()
}

/// A decimal from `BigInteger` bytes and a scale (`Decimal.toLogical`).
pub fn decimal_from_bytes(bytes: &[u8], scale: i32) -> DecimalValue {
    let v = if bytes.is_empty() {
        num_bigint::BigInt::default()
    } else {
        num_bigint::BigInt::from_signed_bytes_be(bytes)
    };
    let negative = v.sign() == num_bigint::Sign::Minus;
    DecimalValue {
        negative,
        digits: v.magnitude().to_string(),
        scale,
    }
}

/// A decimal from JSON number text, keeping its scale as `BigDecimal(String)` does.
pub fn decimal_from_text(text: &str) -> Result<DecimalValue> {
    let bad = || NativeError::data(format!("Invalid decimal number: {text}"));
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(p) => (&text[..p], text[p + 1..].parse::<i64>().map_err(|_| bad())?),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let all = format!("{int}{frac}");
    let trimmed = all.trim_start_matches('0');
    let digits = if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    };
    let scale = i32::try_from(frac.len() as i64 - exp).map_err(|_| bad())?;
    Ok(DecimalValue {
        negative: negative && digits != "0",
        digits,
        scale,
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn prim(ty: SchemaType, optional: bool) -> Arc<Schema> {
        let mut s = Schema::new(ty);
        s.optional = optional;
        Arc::new(s)
    }

    fn enc(schema: Option<&Schema>, v: &Value, cfg: &JsonConfig) -> String {
        let json = schema.map(|s| schema_json(s, cfg).unwrap());
        String::from_utf8(encode(schema, json.as_deref(), v, cfg).unwrap().unwrap()).unwrap()
    }

    fn struct_schema() -> Schema {
        let mut s = Schema::new(SchemaType::Struct);
        s.name = Some("rec".into());
        s.fields = vec![
            Field {
                name: "id".into(),
                schema: prim(SchemaType::Int32, false),
            },
            Field {
                name: "name".into(),
                schema: prim(SchemaType::String, true),
            },
        ];
        s
    }

    #[test]
    fn struct_envelope_matches_java() {
        let cfg = JsonConfig::default();
        let s = struct_schema();
        let v = Value::Struct(vec![Value::Int(1), Value::Null]);
        assert_eq!(
            enc(Some(&s), &v, &cfg),
            r#"{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"}],"optional":false,"name":"rec"},"payload":{"id":1,"name":null}}"#
        );
        let cache = SchemaTextCache::new(10);
        let bytes = enc(Some(&s), &v, &cfg);
        let (schema, value) = decode(Some(bytes.as_bytes()), &cfg, &cache).unwrap();
        assert_eq!(*schema.unwrap(), s);
        assert_eq!(value, v);
    }

    #[test]
    fn tombstones_and_envelope_errors() {
        let cfg = JsonConfig::default();
        assert_eq!(encode(None, None, &Value::Null, &cfg).unwrap(), None);
        let cache = SchemaTextCache::new(10);
        assert_eq!(decode(None, &cfg, &cache).unwrap(), (None, Value::Null));
        // A malformed schema is only noticed when its text is parsed (cache miss).
        assert!(decode(
            Some(br#"{"schema":{"type":[1}},"payload":1}"#),
            &cfg,
            &cache
        )
        .is_err());
        let err = decode(Some(b"{\"a\":1}"), &cfg, &cache).unwrap_err();
        assert!(err
            .message()
            .starts_with("JsonConverter with schemas.enable requires"));
    }

    #[test]
    fn maps_with_non_string_keys_are_pairs() {
        let cfg = JsonConfig {
            schemas_enable: false,
            ..JsonConfig::default()
        };
        let mut m = Schema::new(SchemaType::Map);
        m.key_schema = Some(prim(SchemaType::Int32, false));
        m.value_schema = Some(prim(SchemaType::String, false));
        let v = Value::Map(vec![(Value::Int(1), Value::String("a".into()))]);
        assert_eq!(enc(Some(&m), &v, &cfg), r#"[[1,"a"]]"#);
        let schemaless = Value::Map(vec![(Value::String("k".into()), Value::Float(1.0))]);
        assert_eq!(enc(None, &schemaless, &cfg), r#"{"k":1.0}"#);
    }

    #[test]
    fn decimals_both_formats() {
        let mut s = Schema::new(SchemaType::Bytes);
        s.name = Some(crate::schema::DECIMAL_NAME.into());
        s.version = Some(1);
        s.parameters = Some(vec![("scale".into(), "2".into())]);
        s.resolve_logical();
        let d = decimal_from_text("-1.23").unwrap();
        let cfg = JsonConfig {
            schemas_enable: false,
            ..JsonConfig::default()
        };
        assert_eq!(enc(Some(&s), &Value::Decimal(d.clone()), &cfg), "\"hQ==\"");
        let numeric = JsonConfig {
            decimal_format: DecimalFormat::Numeric,
            ..cfg
        };
        assert_eq!(enc(Some(&s), &Value::Decimal(d.clone()), &numeric), "-1.23");
        let back = to_connect(&s, Some(Json::String("hQ==".into())), &cfg).unwrap();
        assert_eq!(back, Value::Decimal(d));
        let wrong = decimal_from_text("1.5").unwrap();
        assert!(encode(Some(&s), None, &Value::Decimal(wrong), &cfg).is_err());
    }

    #[test]
    fn defaults_and_required_nulls() {
        let mut s = Schema::new(SchemaType::Int32);
        s.default = Some(Value::Int(7));
        let cfg = JsonConfig::default();
        assert_eq!(
            enc(Some(&s), &Value::Null, &cfg),
            r#"{"schema":{"type":"int32","optional":false,"default":7},"payload":7}"#
        );
        let keep = JsonConfig {
            replace_null_with_default: false,
            ..cfg
        };
        assert!(encode(Some(&s), None, &Value::Null, &keep).is_err());
        let req = Schema::new(SchemaType::String);
        let err = encode(Some(&req), None, &Value::Null, &cfg).unwrap_err();
        assert!(err
            .message()
            .contains("null value for field that is required"));
    }

    #[test]
    fn schemaless_reads() {
        let cfg = JsonConfig {
            schemas_enable: false,
            ..JsonConfig::default()
        };
        let cache = SchemaTextCache::new(1);
        let (s, v) = decode(Some(br#"{"a":[1,2.5,"x",true,null]}"#), &cfg, &cache).unwrap();
        assert!(s.is_none());
        assert_eq!(
            v,
            Value::Map(vec![(
                Value::String("a".into()),
                Value::Array(vec![
                    Value::Int(1),
                    Value::Float(2.5),
                    Value::String("x".into()),
                    Value::Boolean(true),
                    Value::Null
                ])
            )])
        );
    }

    #[test]
    fn decimal_text_scales() {
        let d = decimal_from_text("1.23E-8").unwrap();
        assert_eq!((d.digits.as_str(), d.scale), ("123", 10));
        let d = decimal_from_text("100").unwrap();
        assert_eq!((d.digits.as_str(), d.scale), ("100", 0));
        let d = decimal_from_text("-0.00").unwrap();
        assert_eq!((d.negative, d.digits.as_str(), d.scale), (false, "0", 2));
        assert_eq!(
            unscaled_bytes(&decimal_from_text("1.28").unwrap()),
            vec![0x00, 0x80]
        );
        assert_eq!(decimal_from_bytes(&[0xff, 0x7f], 1).digits, "129");
    }
}
