//! `SimpleHeaderConverter`: a faithful subset of Connect's `Values.convertToString`
//! (writing) and `Values.parseString` (reading).
//!
//! Writing follows Java exactly for null, booleans, integers, floats (Java
//! `toString`), decimals, strings (quoted and escaped when embedded), bytes
//! (base64), lists, maps, structs and the temporal types (formatted by their
//! millisecond value, in UTC, as Java does: below one day -> `HH:mm:ss.SSS'Z'`,
//! whole days -> `yyyy-MM-dd`, otherwise `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`).
//!
//! Reading handles: empty -> STRING; `null`; `true`/`false`; numbers (smallest
//! INT8..INT64 for integral values even when written `1.0`, FLOAT32, FLOAT64,
//! else Decimal); ISO date/time/timestamp literals; `[..]` arrays and `{..}`
//! maps of those (quoted strings inside), with Java's common-schema merging;
//! anything else is a STRING of the original text.  Left out: arrays/maps whose
//! elements have no common schema, or only null values, get no schema (Java
//! uses a schema with a null element schema, which kconnect's `Schema` cannot
//! express); arrays/maps of arrays/maps whose element schemas differ get no
//! schema (Java keeps the last one even though earlier values do not match it);
//! Java's tokenizer corner cases (escaped delimiters outside quotes,
//! whitespace inside tokens) are approximated; timestamps are parsed and
//! printed in UTC (Java uses the JVM's default time zone, normally UTC).

mod parse;
mod write;

pub use parse::parse_header;
pub use write::{format_instant, to_header_string};

const MS_PER_DAY: i64 = 86_400_000;

#[cfg(test)]
mod tests {
    use super::parse::Parsed;
    use super::*;
    use crate::schema::{SchemaType, Value};

    fn ty(p: &Parsed) -> Option<SchemaType> {
        p.0.as_ref().map(|s| s.ty)
    }

    #[test]
    fn writes_like_values_convert_to_string() {
        let s = |v: Value| to_header_string(None, &v).unwrap().unwrap();
        assert_eq!(s(Value::Float(1.0)), "1.0");
        assert_eq!(s(Value::Boolean(true)), "true");
        assert_eq!(
            s(Value::Array(vec![
                Value::String("a\"b".into()),
                Value::Int(2),
                Value::Null
            ])),
            "[\"a\\\"b\",2,null]"
        );
        assert_eq!(s(Value::Date(18_628)), "2021-01-01");
        assert_eq!(s(Value::Time(3_723_004)), "01:02:03.004Z");
        assert_eq!(
            s(Value::Timestamp(1_609_459_200_123)),
            "2021-01-01T00:00:00.123Z"
        );
        assert_eq!(s(Value::Bytes(b"hi".to_vec())), "aGk=");
        assert!(to_header_string(None, &Value::Null).unwrap().is_none());
    }

    #[test]
    fn parses_like_values_parse_string() {
        assert_eq!(ty(&parse_header("42")), Some(SchemaType::Int8));
        assert_eq!(ty(&parse_header("1000")), Some(SchemaType::Int16));
        assert_eq!(ty(&parse_header("1.0")), Some(SchemaType::Int8));
        assert_eq!(ty(&parse_header("1.5")), Some(SchemaType::Float32));
        assert_eq!(ty(&parse_header("true")), Some(SchemaType::Boolean));
        assert_eq!(
            parse_header("hello world").1,
            Value::String("hello world".into())
        );
        assert_eq!(parse_header("2021-01-01").1, Value::Date(18_628));
        assert_eq!(parse_header("01:02:03.004Z").1, Value::Time(3_723_004));
        assert_eq!(
            parse_header("2021-01-01T00:00:00.123Z").1,
            Value::Timestamp(1_609_459_200_123)
        );
        let (s, v) = parse_header("[1, 2, 300]");
        assert_eq!(s.unwrap().value_schema().ty, SchemaType::Int16);
        assert_eq!(
            v,
            Value::Array(vec![Value::Int(1), Value::Int(2), Value::Int(300)])
        );
        let (s, v) = parse_header("{\"a\":1,\"b\":2.5}");
        assert_eq!(s.unwrap().value_schema().ty, SchemaType::Float32);
        assert_eq!(
            v,
            Value::Map(vec![
                (Value::String("a".into()), Value::Float(1.0)),
                (Value::String("b".into()), Value::Float(2.5))
            ])
        );
        assert_eq!(parse_header("[1,").1, Value::String("[1,".into()));
        assert_eq!(
            parse_header("[null, 1]").1,
            Value::String("[null, 1]".into())
        );
        assert_eq!(parse_header("1,2").1, Value::Int(1));
        assert_eq!(parse_header("2021-13-01").1, Value::Date(18_993));
        assert_eq!(ty(&parse_header("1e2000000000")), Some(SchemaType::Bytes));
        // An element without a schema (a mixed list) leaves the outer list without one.
        assert_eq!(ty(&parse_header("[[1,\"a\"],{\"k\":1}]")), None);
        assert_eq!(ty(&parse_header("[[1,\"a\"],[1]]")), None);
        assert_eq!(
            ty(&parse_header("{\"a\":{\"x\":[true]},\"b\":{\"y\":\"s\"}}")),
            None
        );
        assert_eq!(ty(&parse_header("[[1],[2]]")), Some(SchemaType::Array));
        assert_eq!(parse_header("").1, Value::String(String::new()));
    }
}
