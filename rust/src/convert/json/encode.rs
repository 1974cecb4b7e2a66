//! Connect -> JSON: the schema JSON (`asJsonSchema`) and values (`convertToJson`).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::{java_type_name, unscaled_bytes, DecimalFormat, JsonConfig};
use crate::error::{NativeError, Result};
use crate::json;
use crate::schema::{DecimalValue, Logical, Schema, SchemaType, Value};

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
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut p = buf.len();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[p..]);
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
