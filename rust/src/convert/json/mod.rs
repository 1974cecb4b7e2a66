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

mod decode;
mod encode;

pub use decode::{
    decode, schema_from_json, schemaless_to_connect, to_connect, SchemaTextCache, SchemalessValues,
};
pub use encode::{encode, encode_with_capacity, schema_json, write_value};

use crate::error::{NativeError, Result};
use crate::schema::{DecimalValue, SchemaType};

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::json::Json;
    use crate::schema::{Field, Schema, Value};

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
    fn integers() {
        let cfg = JsonConfig {
            schemas_enable: false,
            ..JsonConfig::default()
        };
        for i in [0, 7, -7, 10, i64::MAX, i64::MIN] {
            assert_eq!(enc(None, &Value::Int(i), &cfg), i.to_string());
        }
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
