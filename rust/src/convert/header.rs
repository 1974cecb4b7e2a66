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

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use crate::convert::json::decimal_from_text;
use crate::convert::string::{java_double_string, java_float_string};
use crate::error::{NativeError, Result};
use crate::json::big_decimal_string;
use crate::schema::{
    Logical, Schema, SchemaType, Value, DATE_NAME, DECIMAL_NAME, TIMESTAMP_NAME, TIME_NAME,
};

const MS_PER_DAY: i64 = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Writing

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

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---------------------------------------------------------------------------------------------
// Reading

/// `Values.parseString` (subset, see the module docs).
pub fn parse_header(text: &str) -> (Option<Arc<Schema>>, Value) {
    if text.is_empty() {
        return (Some(prim(SchemaType::String)), Value::String(String::new()));
    }
    match text {
        "null" => return (None, Value::Null),
        "true" => return (Some(prim(SchemaType::Boolean)), Value::Boolean(true)),
        "false" => return (Some(prim(SchemaType::Boolean)), Value::Boolean(false)),
        _ => {}
    }
    let trimmed = text.trim();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let mut p = Parser {
            s: trimmed.as_bytes(),
            i: 0,
        };
        // Like Java, whatever follows the closing bracket is ignored.
        if let Ok(Some((schema, value))) = p.embedded() {
            return (schema, value);
        }
        return (
            Some(prim(SchemaType::String)),
            Value::String(text.to_owned()),
        );
    }
    // Java reads one token (up to a delimiter) and parses that.
    let token = trimmed
        .split(['[', ']', '{', '}', ',', ':', '"'])
        .next()
        .unwrap_or("")
        .trim();
    let first = token.as_bytes().first().copied().unwrap_or(b' ');
    if first.is_ascii_digit() {
        if let Some(t) = parse_temporal(trimmed).or_else(|| parse_temporal(token)) {
            return t;
        }
    }
    if first.is_ascii_digit() || first == b'+' || first == b'-' {
        if let Some(n) = parse_number(token) {
            return n;
        }
    }
    (
        Some(prim(SchemaType::String)),
        Value::String(text.to_owned()),
    )
}

fn prim(ty: SchemaType) -> Arc<Schema> {
    Arc::new(Schema::new(ty))
}

fn logical(ty: SchemaType, name: &str, scale: Option<i32>) -> Arc<Schema> {
    let mut s = Schema::new(ty);
    s.name = Some(name.to_owned());
    s.version = Some(1);
    if let Some(scale) = scale {
        s.parameters = Some(vec![("scale".to_owned(), scale.to_string())]);
    }
    s.resolve_logical();
    Arc::new(s)
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

fn parse_time_of_day(s: &[u8]) -> Option<i64> {
    // HH:mm:ss.SSS; out-of-range fields roll over as Java's lenient SimpleDateFormat does.
    if s.len() != 12 || s[2] != b':' || s[5] != b':' || s[8] != b'.' {
        return None;
    }
    let (h, m, sec, ms) = (
        digits(&s[0..2])?,
        digits(&s[3..5])?,
        digits(&s[6..8])?,
        digits(&s[9..12])?,
    );
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

fn parse_date(s: &[u8]) -> Option<i64> {
    // yyyy-MM-dd; month 13 or day 32 roll over into the next year/month (lenient parsing).
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    let months = y * 12 + m - 1;
    let first = days_from_civil(months.div_euclid(12), (months.rem_euclid(12) + 1) as u32, 1);
    Some(first + d - 1)
}

/// ISO temporal literals (`parseAsTemporal`), selected by length as Java does.
fn parse_temporal(token: &str) -> Option<(Option<Arc<Schema>>, Value)> {
    let t = token.replace("\\:", ":");
    let b = t.as_bytes();
    match b.len() {
        13 if b[12] == b'Z' => {
            let ms = parse_time_of_day(&b[..12])?;
            Some((
                Some(logical(SchemaType::Int32, TIME_NAME, None)),
                Value::Time(ms as i32),
            ))
        }
        24 if b[10] == b'T' && b[23] == b'Z' => {
            let days = parse_date(&b[..10])?;
            let ms = parse_time_of_day(&b[11..23])?;
            Some((
                Some(logical(SchemaType::Int64, TIMESTAMP_NAME, None)),
                Value::Timestamp(days * MS_PER_DAY + ms),
            ))
        }
        10 => {
            let days = parse_date(b)?;
            Some((
                Some(logical(SchemaType::Int32, DATE_NAME, None)),
                Value::Date(i32::try_from(days).ok()?),
            ))
        }
        _ => None,
    }
}

/// `parseAsNumber`: the smallest integer type for integral values, else FLOAT32,
/// FLOAT64 or Decimal.
fn parse_number(token: &str) -> Option<(Option<Arc<Schema>>, Value)> {
    let text = token.strip_prefix('+').unwrap_or(token);
    if text.starts_with(['+', '-']) && token.starts_with('+') {
        return None;
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    if body.is_empty() || !body.as_bytes()[0].is_ascii_digit() && !body.starts_with('.') {
        return None;
    }
    let d = decimal_from_text(text).ok()?;
    // Integral when the fraction digits are all zero.
    let integral_text = if d.scale < -20 && d.digits != "0" {
        // Far beyond INT64: no need to spell out the zeros.
        None
    } else if d.scale <= 0 {
        Some(if d.digits == "0" {
            "0".to_owned()
        } else {
            format!(
                "{}{}",
                d.digits,
                "0".repeat(d.scale.unsigned_abs() as usize)
            )
        })
    } else {
        let n = d.digits.len();
        let s = d.scale as usize;
        if n <= s {
            d.digits.bytes().all(|c| c == b'0').then(|| "0".to_owned())
        } else {
            d.digits[n - s..]
                .bytes()
                .all(|c| c == b'0')
                .then(|| d.digits[..n - s].to_owned())
        }
    };
    if let Some(int_text) = integral_text {
        let signed = if d.negative {
            format!("-{int_text}")
        } else {
            int_text
        };
        if let Ok(v) = signed.parse::<i64>() {
            let ty = if i8::try_from(v).is_ok() {
                SchemaType::Int8
            } else if i16::try_from(v).is_ok() {
                SchemaType::Int16
            } else if i32::try_from(v).is_ok() {
                SchemaType::Int32
            } else {
                SchemaType::Int64
            };
            return Some((Some(prim(ty)), Value::Int(v)));
        }
    }
    let f: f64 = text.parse().ok()?;
    if d.scale != 0 && (f as f32).is_finite() {
        return Some((
            Some(prim(SchemaType::Float32)),
            Value::Float(f64::from(f as f32)),
        ));
    }
    if d.scale != 0 && f.is_finite() {
        return Some((Some(prim(SchemaType::Float64)), Value::Float(f)));
    }
    let scale = d.scale;
    Some((
        Some(logical(SchemaType::Bytes, DECIMAL_NAME, Some(scale))),
        Value::Decimal(d),
    ))
}

type Parsed = (Option<Arc<Schema>>, Value);

/// Java's `SchemaMerger`.
#[derive(Default)]
struct Merger {
    common: Option<Arc<Schema>>,
    compatible: bool,
    started: bool,
}

impl Merger {
    /// Merge the schema of one parsed element.  `typed` is false only for null
    /// elements: an array or map parsed without a schema (Java gives those a
    /// schema with a null element schema) still has a type, and ends the search.
    fn merge(&mut self, schema: Option<&Arc<Schema>>, typed: bool) {
        if !self.started {
            self.started = true;
            self.compatible = true;
        }
        let Some(new) = schema else {
            if typed {
                self.common = None;
                self.compatible = false;
            }
            return;
        };
        if !self.compatible {
            return;
        }
        self.common = match self.common.take() {
            None => Some(new.clone()),
            Some(prev) => merge_schemas(&prev, new),
        };
        self.compatible = self.common.is_some();
    }
}

fn rank(t: SchemaType) -> Option<u8> {
    Some(match t {
        SchemaType::Int8 => 0,
        SchemaType::Int16 => 1,
        SchemaType::Int32 => 2,
        SchemaType::Int64 => 3,
        SchemaType::Float32 => 4,
        SchemaType::Float64 => 5,
        _ => return None,
    })
}

fn merge_schemas(prev: &Arc<Schema>, new: &Arc<Schema>) -> Option<Arc<Schema>> {
    if prev.ty != new.ty {
        let (a, b) = (rank(prev.ty)?, rank(new.ty)?);
        return Some(if b > a { new.clone() } else { prev.clone() });
    }
    // Same type, both required (parsed schemas are never optional): Java keeps the newer
    // one.  For arrays and maps kconnect also needs the element schemas to agree (Java
    // would keep values that no longer match the schema).
    if matches!(new.ty, SchemaType::Array | SchemaType::Map) && prev != new {
        return None;
    }
    Some(new.clone())
}

/// Convert a parsed value to the common numeric schema (`alignListEntriesWithSchema`).
fn align(value: Value, common: &Schema) -> Value {
    match (common.ty, common.logical, value) {
        (SchemaType::Float32 | SchemaType::Float64, Logical::None, Value::Int(i)) => {
            if common.ty == SchemaType::Float32 {
                Value::Float(f64::from(i as f32))
            } else {
                Value::Float(i as f64)
            }
        }
        (_, _, v) => v,
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T> {
        Err(NativeError::data(format!(
            "Failed to parse embedded value: {what}"
        )))
    }

    /// One embedded value; `Ok(None)` for a `null` literal.
    fn embedded(&mut self) -> Result<Option<Parsed>> {
        self.ws();
        let Some(&c) = self.s.get(self.i) else {
            return self.fail("end of input");
        };
        match c {
            b'"' => self.quoted().map(Some),
            b'[' => self.array().map(Some),
            b'{' => self.map().map(Some),
            _ => {
                let start = self.i;
                // Temporal literals contain ':' and so span delimiters; try them first.
                if c.is_ascii_digit() {
                    for len in [24usize, 13, 10] {
                        if let Some(cand) = self.s.get(start..start + len) {
                            let next = self.s.get(start + len).copied();
                            if next.is_none_or(|n| {
                                matches!(n, b',' | b']' | b'}' | b':') || n.is_ascii_whitespace()
                            }) {
                                if let Some(t) =
                                    std::str::from_utf8(cand).ok().and_then(parse_temporal)
                                {
                                    self.i = start + len;
                                    return Ok(Some(t));
                                }
                            }
                        }
                    }
                }
                while self.i < self.s.len()
                    && !matches!(
                        self.s[self.i],
                        b',' | b']' | b'}' | b':' | b'"' | b'[' | b'{'
                    )
                {
                    self.i += 1;
                }
                let token = std::str::from_utf8(&self.s[start..self.i])
                    .unwrap_or("")
                    .trim();
                match token {
                    "null" => Ok(None),
                    "true" => Ok(Some((
                        Some(prim(SchemaType::Boolean)),
                        Value::Boolean(true),
                    ))),
                    "false" => Ok(Some((
                        Some(prim(SchemaType::Boolean)),
                        Value::Boolean(false),
                    ))),
                    t if t
                        .starts_with(|ch: char| ch.is_ascii_digit() || ch == '+' || ch == '-') =>
                    {
                        parse_number(t).map_or_else(|| self.fail(t), |n| Ok(Some(n)))
                    }
                    t => self.fail(t),
                }
            }
        }
    }

    fn quoted(&mut self) -> Result<Parsed> {
        self.i += 1;
        let mut buf = Vec::new();
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'"' => {
                    self.i += 1;
                    let content = String::from_utf8(buf).unwrap_or_default();
                    if let Some(t) = parse_temporal(&content) {
                        return Ok(t);
                    }
                    return Ok((Some(prim(SchemaType::String)), Value::String(content)));
                }
                b'\\' if self.i + 1 < self.s.len() => {
                    buf.push(self.s[self.i + 1]);
                    self.i += 2;
                }
                c => {
                    buf.push(c);
                    self.i += 1;
                }
            }
        }
        self.fail("unterminated string")
    }

    fn array(&mut self) -> Result<Parsed> {
        self.i += 1;
        let mut items: Vec<Value> = Vec::new();
        let mut merger = Merger::default();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok((None, Value::Array(items)));
        }
        loop {
            self.ws();
            if self.s.get(self.i) == Some(&b',') {
                return self.fail("empty array element");
            }
            let item = self.embedded()?;
            merger.merge(item.as_ref().and_then(|(s, _)| s.as_ref()), item.is_some());
            items.push(item.map_or(Value::Null, |(_, v)| v));
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return self.fail("array elements missing ',' delimiter"),
            }
        }
        match merger.common {
            Some(_) if items.iter().any(Value::is_null) => {
                self.fail("null element in a typed array")
            }
            Some(common) => {
                let items = items.into_iter().map(|v| align(v, &common)).collect();
                let mut s = Schema::new(SchemaType::Array);
                s.value_schema = Some(common);
                Ok((Some(Arc::new(s)), Value::Array(items)))
            }
            None => Ok((None, Value::Array(items))),
        }
    }

    fn map(&mut self) -> Result<Parsed> {
        self.i += 1;
        let mut entries: Vec<(Value, Value)> = Vec::new();
        let (mut km, mut vm) = (Merger::default(), Merger::default());
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(b',') => return self.fail("map entry with no key or value"),
                None => return self.fail("map is missing terminating '}'"),
                _ => {}
            }
            let Some((ks, k)) = self.embedded()? else {
                return self.fail("map entry may not have a null key");
            };
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return self.fail("map entry is missing ':'");
            }
            self.i += 1;
            let v = self.embedded()?;
            km.merge(ks.as_ref(), true);
            vm.merge(v.as_ref().and_then(|(s, _)| s.as_ref()), v.is_some());
            entries.push((k, v.map_or(Value::Null, |(_, v)| v)));
            self.ws();
            if self.s.get(self.i) == Some(&b',') {
                self.i += 1;
            }
        }
        match (km.common, vm.common) {
            (Some(_), Some(_)) if entries.iter().any(|(_, v)| v.is_null()) => {
                self.fail("null value in a typed map")
            }
            (Some(k), Some(v)) => {
                let entries = entries
                    .into_iter()
                    .map(|(a, b)| (align(a, &k), align(b, &v)))
                    .collect();
                let mut s = Schema::new(SchemaType::Map);
                s.key_schema = Some(k);
                s.value_schema = Some(v);
                Ok((Some(Arc::new(s)), Value::Map(entries)))
            }
            _ => Ok((None, Value::Map(entries))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn civil_round_trip() {
        for d in [-800_000i64, -1, 0, 1, 18_628, 2_932_896] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }
}
