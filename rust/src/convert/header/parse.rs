//! `Values.parseString` (subset): header text as Connect values with an inferred schema.

use std::sync::Arc;

use super::MS_PER_DAY;
use crate::calendar::days_from_civil;
use crate::convert::json::decimal_from_text;
use crate::error::{NativeError, Result};
use crate::schema::{
    Logical, Schema, SchemaType, Value, DATE_NAME, DECIMAL_NAME, TIMESTAMP_NAME, TIME_NAME,
};

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

pub(super) type Parsed = (Option<Arc<Schema>>, Value);

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
