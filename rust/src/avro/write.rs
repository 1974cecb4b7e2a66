//! Connect value -> Avro binary.

use num_bigint::BigInt;

use crate::error::{NativeError, Result};
use crate::schema::{int_range, Logical, Schema, SchemaType, Value};

/// Append the Avro encoding of `value` (of `schema`) to `out`.
pub fn write_value(schema: &Schema, value: &Value, out: &mut Vec<u8>) -> Result<()> {
    let value = match (value, &schema.default) {
        (Value::Null, Some(default)) => default,
        _ => value,
    };
    if schema.optional {
        let null_first = schema.default.is_none();
        if value.is_null() {
            write_long(i64::from(!null_first), out);
            return Ok(());
        }
        write_long(i64::from(null_first), out);
    } else if value.is_null() {
        return Err(NativeError::data(format!(
            "Conversion error: null value for field that is required and has no default value ({})",
            schema.ty.java_name()
        )));
    }
    write_base(schema, value, out)
}

fn write_base(schema: &Schema, value: &Value, out: &mut Vec<u8>) -> Result<()> {
    match (schema.logical, value) {
        (Logical::Decimal(_), Value::Decimal(d)) => {
            let scale = schema.decimal_scale()?;
            if d.scale != scale {
                return Err(NativeError::data(format!(
                    "Decimal value has mismatching scale: {} (expected {scale})",
                    d.scale
                )));
            }
            let magnitude = BigInt::parse_bytes(d.digits.as_bytes(), 10)
                .ok_or_else(|| NativeError::data("Invalid decimal digits"))?;
            let unscaled = if d.negative { -magnitude } else { magnitude };
            write_bytes(&unscaled.to_signed_bytes_be(), out);
            return Ok(());
        }
        (Logical::Date, Value::Date(days)) | (Logical::Time, Value::Time(days)) => {
            write_long(i64::from(*days), out);
            return Ok(());
        }
        (Logical::Timestamp, Value::Timestamp(ms)) => {
            write_long(*ms, out);
            return Ok(());
        }
        _ => {}
    }
    match (schema.ty, value) {
        (
            SchemaType::Int8 | SchemaType::Int16 | SchemaType::Int32 | SchemaType::Int64,
            Value::Int(i),
        ) => {
            let (low, high) = int_range(schema.ty);
            if *i < low || *i > high {
                return Err(NativeError::data(format!(
                    "Value {i} out of range for schema type {}",
                    schema.ty.java_name()
                )));
            }
            write_long(*i, out);
        }
        (SchemaType::Float32, Value::Float(f)) => out.extend_from_slice(&(*f as f32).to_le_bytes()),
        (SchemaType::Float64, Value::Float(f)) => out.extend_from_slice(&f.to_le_bytes()),
        (SchemaType::Boolean, Value::Boolean(b)) => out.push(u8::from(*b)),
        (SchemaType::String, Value::String(s)) => write_bytes(s.as_bytes(), out),
        (SchemaType::Bytes, Value::Bytes(b)) => write_bytes(b, out),
        (SchemaType::Array, Value::Array(items)) => {
            let item = schema.value_schema();
            write_count(items.len(), out);
            for v in items {
                write_value(item, v, out)?;
            }
            if !items.is_empty() {
                out.push(0);
            }
        }
        (SchemaType::Map, Value::Map(entries)) => {
            let (key, val) = (schema.key_schema(), schema.value_schema());
            write_count(entries.len(), out);
            for (k, v) in entries {
                write_value(key, k, out)?;
                write_value(val, v, out)?;
            }
            if !entries.is_empty() {
                out.push(0);
            }
        }
        (SchemaType::Struct, Value::Struct(values)) => {
            if values.len() != schema.fields.len() {
                return Err(NativeError::data("Struct value does not match its schema"));
            }
            for (field, v) in schema.fields.iter().zip(values) {
                write_value(&field.schema, v, out)?;
            }
        }
        (ty, v) => {
            return Err(NativeError::data(format!(
                "Invalid value for schema type {}: {v:?}",
                ty.java_name()
            )))
        }
    }
    Ok(())
}

/// An array/map block header: the item count, or nothing when empty (the 0 terminator follows).
fn write_count(n: usize, out: &mut Vec<u8>) {
    write_long(n as i64, out);
}

fn write_bytes(b: &[u8], out: &mut Vec<u8>) {
    write_long(b.len() as i64, out);
    out.extend_from_slice(b);
}

/// Zig-zag varint (Avro `int` and `long`).
pub fn write_long(v: i64, out: &mut Vec<u8>) {
    let mut n = ((v << 1) ^ (v >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_long(v, &mut out);
        out
    }

    #[test]
    fn zigzag() {
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(-1), [1]);
        assert_eq!(enc(1), [2]);
        assert_eq!(enc(-64), [0x7f]);
        assert_eq!(enc(64), [0x80, 0x01]);
        assert_eq!(
            enc(i64::MIN),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }
}
