//! `Values.convertToString`: Connect values as header text.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use super::MS_PER_DAY;
use crate::calendar::civil_from_days;
use crate::convert::string::{java_double_string, java_float_string};
use crate::error::{NativeError, Result};
use crate::json::big_decimal_string;
use crate::schema::{Schema, SchemaType, Value};

/// `Values.convertToString`; `None` for a null value.
pub fn to_header_string(schema: Option<&Schema>, value: &Value) -> Result<Option<String>> {
    if value.is_null() {
        return Ok(None);
    }
    let mut out = String::new();
    append(&mut out, schema, value, false)?;
    Ok(Some(out))
}

fn append(out: &mut String, schema: Option<&Schema>, value: &Value, embedded: bool) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => {
            if schema.is_some_and(|s| s.ty == SchemaType::Float32) {
                out.push_str(&java_float_string(*f as f32));
            } else {
                out.push_str(&java_double_string(*f));
            }
        }
        Value::Decimal(d) => out.push_str(&big_decimal_string(d.negative, &d.digits, d.scale)),
        Value::String(s) => {
            if embedded {
                out.push('"');
                out.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            } else {
                out.push_str(s);
            }
        }
        Value::Bytes(b) => {
            if embedded {
                out.push('"');
            }
            out.push_str(&B64.encode(b));
            if embedded {
                out.push('"');
            }
        }
        Value::Array(items) => {
            let es = schema.and_then(|s| s.value_schema.as_deref());
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                append(out, es, item, true)?;
            }
            out.push(']');
        }
        Value::Map(entries) => {
            let ks = schema.and_then(|s| s.key_schema.as_deref());
            let vs = schema.and_then(|s| s.value_schema.as_deref());
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                append(out, ks, k, true)?;
                out.push(':');
                append(out, vs, v, true)?;
            }
            out.push('}');
        }
        Value::Struct(values) => {
            let s = schema.ok_or_else(|| NativeError::data("Mismatching schema."))?;
            out.push('{');
            for (i, (f, v)) in s.fields.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                append(out, None, &Value::String(f.name.clone()), true)?;
                out.push(':');
                // Struct.get: the field default stands in for null.
                let v = match (v, &f.schema.default) {
                    (Value::Null, Some(d)) => d,
                    _ => v,
                };
                append(out, Some(&f.schema), v, true)?;
            }
            out.push('}');
        }
        Value::Date(days) => out.push_str(&format_instant(i64::from(*days) * MS_PER_DAY)),
        Value::Time(ms) => out.push_str(&format_instant(i64::from(*ms))),
        Value::Timestamp(ms) => out.push_str(&format_instant(*ms)),
    }
    Ok(())
}

/// Java's `dateFormatFor(date).format(date)` in UTC.
pub fn format_instant(ms: i64) -> String {
    let day = ms.div_euclid(MS_PER_DAY);
    let tod = ms.rem_euclid(MS_PER_DAY);
    let (h, m, s, milli) = (
        tod / 3_600_000,
        tod / 60_000 % 60,
        tod / 1000 % 60,
        tod % 1000,
    );
    if ms < MS_PER_DAY {
        return format!("{h:02}:{m:02}:{s:02}.{milli:03}Z");
    }
    let (y, mo, d) = civil_from_days(day);
    if tod == 0 {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
    }
}
