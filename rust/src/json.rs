//! A small JSON reader and the writing helpers that reproduce Jackson's output
//! byte for byte (as used by Kafka's `JsonSerializer`/`JsonDeserializer`).
//!
//! Reading keeps what Jackson's tree model keeps: integers that fit a `long`,
//! the text of bigger integers and of every non-integral number (Connect reads
//! floats as `BigDecimal`), object members in order with the last duplicate
//! winning.  Like `ObjectMapper.readTree` with default features, content after
//! the first value is ignored and empty input reads as "missing".

use std::collections::HashMap;

use crate::error::{NativeError, Result};

/// A parsed JSON number, keeping enough to reproduce Jackson's node kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// An integer that fits in 64 bits (Jackson `IntNode`/`LongNode`).
    Int(i64),
    /// The text of an integer beyond 64 bits (`BigIntegerNode`).
    BigInt(String),
    /// The text of a number with a fraction or exponent (`DecimalNode`).
    Decimal(String),
}

impl Number {
    /// Jackson's `isInt()`: an integer that fits 32 bits.
    pub fn is_int(&self) -> bool {
        matches!(self, Number::Int(i) if i32::try_from(*i).is_ok())
    }

    pub fn is_integral(&self) -> bool {
        matches!(self, Number::Int(_) | Number::BigInt(_))
    }

    /// Jackson's `doubleValue()`.
    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::BigInt(t) | Number::Decimal(t) => number_text_to_f64(t),
        }
    }

    /// Jackson's `longValue()` (truncating toward zero; low bits of big integers).
    pub fn as_i64_lossy(&self) -> i64 {
        match self {
            Number::Int(i) => *i,
            Number::BigInt(t) => low_64_bits(t),
            Number::Decimal(t) => {
                let f: f64 = t.parse().unwrap_or(0.0);
                if f.is_finite() && f.abs() < 9.2e18 {
                    f.trunc() as i64
                } else {
                    // BigDecimal.longValue() of a huge number: the low 64 bits of its integer part.
                    let int_part = decimal_integer_part(t);
                    low_64_bits(&int_part)
                }
            }
        }
    }

    /// The number as written (for `decimal.Decimal`).
    pub fn text(&self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::BigInt(t) | Number::Decimal(t) => t.clone(),
        }
    }
}

/// Jackson's `doubleValue()` of a number read as `BigDecimal`; `BigDecimal` has no
/// negative zero, so Java reads `-0.0` as 0.0.
pub fn number_text_to_f64(text: &str) -> f64 {
    text.parse::<f64>().map_or(f64::NAN, |f| f + 0.0)
}

fn low_64_bits(text: &str) -> i64 {
    text.parse::<num_bigint::BigInt>().map_or(0, |b| {
        let bytes = b.to_signed_bytes_le();
        let mut out = [if b.sign() == num_bigint::Sign::Minus {
            0xff
        } else {
            0
        }; 8];
        for (i, byte) in bytes.iter().take(8).enumerate() {
            out[i] = *byte;
        }
        i64::from_le_bytes(out)
    })
}

fn decimal_integer_part(text: &str) -> String {
    // Expand "d.ddde±x" into its integer digits (only used for absurdly large values).
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(p) => (&text[..p], text[p + 1..].parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches(['-', '+']);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int}{frac}");
    let point = int.len() as i64 + exp;
    if point <= 0 {
        return "0".into();
    }
    let point = point as usize;
    if point >= digits.len() {
        digits.extend(std::iter::repeat_n(
            '0',
            point.min(4096) - digits.len().min(point),
        ));
    } else {
        digits.truncate(point);
    }
    if negative {
        format!("-{digits}")
    } else {
        digits
    }
}

/// A JSON tree (Jackson's `JsonNode`).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    /// Members in order; keys unique (a repeated key replaces the value in place).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Jackson's `JsonNodeType` name, as used in Connect's error messages.
    pub fn node_type(&self) -> &'static str {
        match self {
            Json::Null => "NULL",
            Json::Bool(_) => "BOOLEAN",
            Json::Number(_) => "NUMBER",
            Json::String(_) => "STRING",
            Json::Array(_) => "ARRAY",
            Json::Object(_) => "OBJECT",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// What the parser builds: a [`Json`] tree ([`JsonTree`]), or another tree built
/// directly (e.g. Connect values for schemaless data, with no intermediate tree).
pub trait Build {
    type Node;
    fn null() -> Self::Node;
    fn boolean(b: bool) -> Self::Node;
    /// A number as written; `integral` when it has no fraction or exponent.
    fn number(text: &str, integral: bool) -> Self::Node;
    fn string(s: String) -> Self::Node;
    fn array(items: Vec<Self::Node>) -> Self::Node;
    /// Members in order, keys unique.
    fn object(members: Vec<(String, Self::Node)>) -> Self::Node;
}

/// Builds [`Json`] trees.
pub struct JsonTree;

impl Build for JsonTree {
    type Node = Json;

    fn null() -> Json {
        Json::Null
    }

    fn boolean(b: bool) -> Json {
        Json::Bool(b)
    }

    fn number(text: &str, integral: bool) -> Json {
        Json::Number(if integral {
            text.parse::<i64>()
                .map_or_else(|_| Number::BigInt(text.to_owned()), Number::Int)
        } else {
            Number::Decimal(text.to_owned())
        })
    }

    fn string(s: String) -> Json {
        Json::String(s)
    }

    fn array(items: Vec<Json>) -> Json {
        Json::Array(items)
    }

    fn object(members: Vec<(String, Json)>) -> Json {
        Json::Object(members)
    }
}

/// Parse `input`; `Ok(None)` is Jackson's "missing" (empty or blank input).
pub fn parse(input: &[u8]) -> Result<Option<Json>> {
    parse_into::<JsonTree>(input)
}

/// Parse `input` with the builder `B`.
pub fn parse_into<B: Build>(input: &[u8]) -> Result<Option<B::Node>> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut p = Parser::<B>::new(input);
    p.skip_ws();
    if p.i >= p.s.len() {
        return Ok(None);
    }
    p.value().map(Some)
}

/// Like [`parse`], also returning the raw text span of the top-level member `key`
/// when the document is an object (used to cache envelope schemas by their text).
pub fn parse_with_span<'a>(input: &'a [u8], key: &str) -> Result<(Option<Json>, Option<&'a [u8]>)> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut p = Parser::<JsonTree>::new(input);
    p.skip_ws();
    if p.i >= p.s.len() {
        return Ok((None, None));
    }
    if p.s[p.i] != b'{' {
        return p.value().map(|v| (Some(v), None));
    }
    let mut span = None;
    let obj = p.object(Some((key, &mut span)))?;
    Ok((Some(obj), span.map(|(a, b)| &input[a..b])))
}

const MAX_DEPTH: usize = 1000;

struct Parser<'a, B> {
    s: &'a [u8],
    i: usize,
    depth: usize,
    build: std::marker::PhantomData<B>,
}

type SpanSlot<'k, 'm> = Option<(&'k str, &'m mut Option<(usize, usize)>)>;

impl<'a, B: Build> Parser<'a, B> {
    fn new(s: &'a [u8]) -> Self {
        Self {
            s,
            i: 0,
            depth: 0,
            build: std::marker::PhantomData,
        }
    }

    fn err<T>(&self, what: &str) -> Result<T> {
        Err(NativeError::data(format!(
            "Converting byte[] to Kafka Connect data failed due to serialization error: {what} at byte {}",
            self.i
        )))
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<B::Node> {
        self.skip_ws();
        let Some(&c) = self.s.get(self.i) else {
            return self.err("Unexpected end-of-input");
        };
        match c {
            b'{' => self.object(None),
            b'[' => self.array(),
            b'"' => self.string().map(B::string),
            b't' => self.literal(b"true").map(|()| B::boolean(true)),
            b'f' => self.literal(b"false").map(|()| B::boolean(false)),
            b'n' => self.literal(b"null").map(|()| B::null()),
            b'-' | b'0'..=b'9' => self.number(),
            _ => self.err(&format!("Unexpected character ('{}')", char::from(c))),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            self.err("Unrecognized token")
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("Document nesting depth exceeds the maximum allowed");
        }
        self.i += 1;
        Ok(())
    }

    fn object(&mut self, mut span: SpanSlot<'_, '_>) -> Result<B::Node> {
        self.enter()?;
        let mut members: Vec<(String, B::Node)> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        self.skip_ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(B::object(members));
        }
        loop {
            self.skip_ws();
            if self.s.get(self.i) != Some(&b'"') {
                return self
                    .err("Unexpected character (expected double-quote to start field name)");
            }
            let key = self.string()?;
            self.skip_ws();
            if self.s.get(self.i) != Some(&b':') {
                return self.err("Unexpected character (expected ':' after field name)");
            }
            self.i += 1;
            self.skip_ws();
            let start = self.i;
            let value = match span.as_mut() {
                // The wanted member is only located, not built: the caller parses its
                // text itself when it needs to (e.g. on a schema cache miss).
                Some((wanted, slot)) if *wanted == key => {
                    self.skip_value()?;
                    **slot = Some((start, self.i));
                    B::null()
                }
                _ => self.value()?,
            };
            // Jackson keeps the first position and the last value of a repeated key.
            if members.len() < 16 {
                if let Some(existing) = members.iter_mut().find(|(k, _)| *k == key) {
                    existing.1 = value;
                } else {
                    members.push((key, value));
                }
            } else {
                let idx = index.get_or_insert_with(|| {
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect::<HashMap<_, _>>()
                });
                if let Some(&i) = idx.get(&key) {
                    members[i].1 = value;
                } else {
                    idx.insert(key.clone(), members.len());
                    members.push((key, value));
                }
            }
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(B::object(members));
                }
                _ => return self.err("Unexpected character (expected comma or end of object)"),
            }
        }
    }

    /// Move past one value without building it.  Only finds where the value ends
    /// (strings, escapes, nesting); callers that use the text parse it properly.
    fn skip_value(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            let Some(&c) = self.s.get(self.i) else {
                return self.err("Unexpected end-of-input");
            };
            match c {
                b'"' => {
                    self.i += 1;
                    loop {
                        let rest = self.s.get(self.i..).unwrap_or_default();
                        let Some(p) = memchr::memchr2(b'"', b'\\', rest) else {
                            self.i = self.s.len();
                            return self.err("Unexpected end-of-input in string");
                        };
                        self.i += p + 1;
                        if self.s[self.i - 1] == b'"' {
                            break;
                        }
                        self.i += 1; // the escaped character
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return self.err("Document nesting depth exceeds the maximum allowed");
                    }
                    self.i += 1;
                    continue;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return self.err("Unexpected close marker");
                    }
                    depth -= 1;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    // A literal or number: up to the next delimiter.
                    let start = self.i;
                    while self.i < self.s.len()
                        && !matches!(
                            self.s[self.i],
                            b',' | b':' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'
                        )
                    {
                        self.i += 1;
                    }
                    if self.i == start {
                        return self.err(&format!("Unexpected character ('{}')", char::from(c)));
                    }
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    fn array(&mut self) -> Result<B::Node> {
        self.enter()?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(B::array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(B::array(items));
                }
                _ => return self.err("Unexpected character (expected comma or end of array)"),
            }
        }
    }

    fn string(&mut self) -> Result<String> {
        self.i += 1; // opening quote
        let start = self.i;
        // Fast path: jump (SIMD) to the closing quote or the first escape.
        if let Some(p) = memchr::memchr2(b'"', b'\\', &self.s[start..]) {
            let end = start + p;
            if self.s[start..end].iter().any(|&b| b < 0x20) {
                self.i += self.s[start..end]
                    .iter()
                    .position(|&b| b < 0x20)
                    .unwrap_or(0);
                return self.err("Illegal unquoted character in string");
            }
            self.i = end;
            if self.s[end] == b'"' {
                let out = self.utf8(start, end)?;
                self.i += 1;
                return Ok(out);
            }
        } else {
            self.i = self.s.len();
        }
        let mut buf: Vec<u8> = self.s[start..self.i].to_vec();
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'"' => {
                    self.i += 1;
                    return String::from_utf8(buf).or_else(|_| self.err("Invalid UTF-8 in string"));
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.s.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'"' => buf.push(b'"'),
                        b'\\' => buf.push(b'\\'),
                        b'/' => buf.push(b'/'),
                        b'b' => buf.push(0x08),
                        b'f' => buf.push(0x0c),
                        b'n' => buf.push(b'\n'),
                        b'r' => buf.push(b'\r'),
                        b't' => buf.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut tmp = [0u8; 4];
                            buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                        }
                        _ => return self.err("Unrecognized character escape"),
                    }
                }
                c if c < 0x20 => return self.err("Illegal unquoted character in string"),
                c => {
                    buf.push(c);
                    self.i += 1;
                }
            }
        }
        self.err("Unexpected end-of-input in string")
    }

    fn hex4(&mut self) -> Result<u32> {
        let Some(h) = self.s.get(self.i..self.i + 4) else {
            return self.err("Unexpected end-of-input in unicode escape");
        };
        let Some(v) = std::str::from_utf8(h)
            .ok()
            .and_then(|t| u32::from_str_radix(t, 16).ok())
        else {
            return self.err("Invalid unicode escape");
        };
        self.i += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return char::from_u32(c).map_or_else(|| self.err("Invalid surrogate pair"), Ok);
            }
            return self.err("Invalid surrogate pair");
        }
        // Lone surrogates cannot be represented in a Python/Rust string.
        char::from_u32(hi).map_or_else(|| self.err("Unpaired surrogate in unicode escape"), Ok)
    }

    fn utf8(&self, a: usize, b: usize) -> Result<String> {
        match std::str::from_utf8(&self.s[a..b]) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => self.err("Invalid UTF-8 in string"),
        }
    }

    fn number(&mut self) -> Result<B::Node> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        let int_start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let int_len = self.i - int_start;
        if int_len == 0 {
            return self.err("Unexpected character (expected digit)");
        }
        if int_len > 1 && self.s[int_start] == b'0' {
            return self.err("Invalid numeric value: Leading zeroes not allowed");
        }
        let mut integral = true;
        if self.s.get(self.i) == Some(&b'.') {
            integral = false;
            self.i += 1;
            let f = self.i;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
            if self.i == f {
                return self.err("Unexpected character: Decimal point not followed by a digit");
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            integral = false;
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let f = self.i;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                self.i += 1;
            }
            if self.i == f {
                return self
                    .err("Unexpected character: Exponent indicator not followed by a digit");
            }
        }
        // The slice is ASCII by construction.
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        Ok(B::number(text, integral))
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn write_u_escape(out: &mut Vec<u8>, unit: u32) {
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((unit >> shift) & 0xf) as usize]);
    }
}

/// Append `s` as a JSON string literal, escaped as Jackson escapes it: the short
/// escapes, `\u00XX` for other control characters, and characters beyond the
/// BMP as an escaped surrogate pair (Jackson's UTF-8 generator works on UTF-16).
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip plain bytes quickly; copy them in one go.
        while i < bytes.len() && !NEEDS_ESCAPE[bytes[i] as usize] {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        if b >= 0xF0 {
            // A 4-byte UTF-8 sequence: one supplementary character.
            let c = s[i..].chars().next().map_or(0xFFFD, u32::from);
            let v = c - 0x10000;
            write_u_escape(out, 0xD800 + (v >> 10));
            write_u_escape(out, 0xDC00 + (v & 0x3FF));
            i += 4;
        } else {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => write_u_escape(out, u32::from(b)),
            }
            i += 1;
        }
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Bytes `write_str` must handle: quote, backslash, control characters and the
/// lead byte of a supplementary character.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i < 0x20 || i == b'"' as usize || i == b'\\' as usize || i >= 0xF0;
        i += 1;
    }
    t
};

/// Java's `Double.toString` (shortest digits), with Jackson's quoted non-finite values.
pub fn write_f64(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        write_non_finite(out, v);
        return;
    }
    let mut buf = ryu::Buffer::new();
    let shortest = buf.format_finite(v);
    if let Some(two) = two_digit_form(shortest, || format!("{v:.1e}")) {
        write_java_float_text(out, &two);
    } else {
        write_java_float_text(out, shortest);
    }
}

/// Java prints at least two significant digits in scientific notation and picks
/// the two-digit decimal closest to the exact value (this only differs from the
/// one-digit shortest form for subnormals: `4.9E-324`, not `5.0E-324`).
fn two_digit_form(shortest: &str, two: impl FnOnce() -> String) -> Option<String> {
    let significant = shortest
        .split(['e', 'E'])
        .next()
        .unwrap_or("")
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .collect::<Vec<u8>>();
    let trimmed_len = significant
        .iter()
        .rposition(|&b| b != b'0')
        .map_or(0, |p| p + 1);
    let exp: i32 = shortest
        .split(['e', 'E'])
        .nth(1)
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    // Only the scientific range matters (|v| < 1e-3 or >= 1e7), where ryu uses an exponent.
    (trimmed_len == 1 && exp != 0 && !(-3..7).contains(&exp)).then(two)
}

/// Java's `Float.toString` (shortest digits of the float32 value).
pub fn write_f32(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        write_non_finite(out, f64::from(v));
        return;
    }
    let mut buf = ryu::Buffer::new();
    let shortest = buf.format_finite(v);
    if let Some(two) = two_digit_form(shortest, || format!("{v:.1e}")) {
        write_java_float_text(out, &two);
    } else {
        write_java_float_text(out, shortest);
    }
}

fn write_non_finite(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(if v.is_nan() {
        b"\"NaN\"".as_slice()
    } else if v > 0.0 {
        b"\"Infinity\""
    } else {
        b"\"-Infinity\""
    });
}

/// Re-format ryu's shortest representation in Java's `toString` layout:
/// plain for 1e-3 <= |v| < 1e7, otherwise `d.dddE[-]n`.
fn write_java_float_text(out: &mut Vec<u8>, ryu_text: &str) {
    let (negative, text) = match ryu_text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, ryu_text),
    };
    let (mantissa, exp) = match text.find('e') {
        Some(p) => (&text[..p], text[p + 1..].parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All significant digits, and the position of the decimal point relative to them.
    let mut digits = String::with_capacity(int.len() + frac.len());
    digits.push_str(int);
    digits.push_str(frac);
    let mut point = int.len() as i32 + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    let digits = &digits[lead..];
    point -= lead as i32;
    let digits = digits.trim_end_matches('0');
    if negative {
        out.push(b'-');
    }
    if digits.is_empty() {
        out.extend_from_slice(b"0.0");
        return;
    }
    // value = 0.DIGITS * 10^point; scientific exponent = point - 1.
    if (-2..=7).contains(&point) {
        if point <= 0 {
            out.extend_from_slice(b"0.");
            out.extend(std::iter::repeat_n(b'0', (-point) as usize));
            out.extend_from_slice(digits.as_bytes());
        } else {
            let p = point as usize;
            if digits.len() <= p {
                out.extend_from_slice(digits.as_bytes());
                out.extend(std::iter::repeat_n(b'0', p - digits.len()));
                out.extend_from_slice(b".0");
            } else {
                out.extend_from_slice(&digits.as_bytes()[..p]);
                out.push(b'.');
                out.extend_from_slice(&digits.as_bytes()[p..]);
            }
        }
    } else {
        out.push(digits.as_bytes()[0]);
        out.push(b'.');
        if digits.len() > 1 {
            out.extend_from_slice(&digits.as_bytes()[1..]);
        } else {
            out.push(b'0');
        }
        out.push(b'E');
        out.extend_from_slice((point - 1).to_string().as_bytes());
    }
}

/// Java's `BigDecimal.toString()` for `(-1)^negative * digits * 10^-scale`.
pub fn big_decimal_string(negative: bool, digits: &str, scale: i32) -> String {
    let n = digits.len() as i64;
    let adjusted = -i64::from(scale) + (n - 1);
    let mut out = String::with_capacity(digits.len() + 8);
    if negative && digits != "0" {
        out.push('-');
    }
    if scale >= 0 && adjusted >= -6 {
        let scale = scale as i64;
        if scale == 0 {
            out.push_str(digits);
        } else if n > scale {
            let p = (n - scale) as usize;
            out.push_str(&digits[..p]);
            out.push('.');
            out.push_str(&digits[p..]);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (scale - n) as usize));
            out.push_str(digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        if adjusted > 0 {
            out.push('+');
        }
        out.push_str(&adjusted.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn f64s(v: f64) -> String {
        let mut out = Vec::new();
        write_f64(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    fn f32s(v: f32) -> String {
        let mut out = Vec::new();
        write_f32(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn java_double_to_string() {
        assert_eq!(f64s(0.0), "0.0");
        assert_eq!(f64s(-0.0), "-0.0");
        assert_eq!(f64s(1.0), "1.0");
        assert_eq!(f64s(1.5), "1.5");
        assert_eq!(f64s(100.0), "100.0");
        assert_eq!(f64s(1e7), "1.0E7");
        assert_eq!(f64s(9_999_999.0), "9999999.0");
        assert_eq!(f64s(0.001), "0.001");
        assert_eq!(f64s(0.0001), "1.0E-4");
        assert_eq!(f64s(123_456_789.123), "1.23456789123E8");
        assert_eq!(f64s(-2.5e-10), "-2.5E-10");
        assert_eq!(f64s(f64::MAX), "1.7976931348623157E308");
        assert_eq!(f64s(f64::NAN), "\"NaN\"");
        assert_eq!(f64s(f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(f64s(5e-324), "4.9E-324");
        assert_eq!(f64s(2e-7), "2.0E-7");
        assert_eq!(f64s(1e23), "1.0E23");
        assert_eq!(f32s(1.0e-45), "1.4E-45");
        assert_eq!(f32s(0.1), "0.1");
        assert_eq!(f32s(3.4e38), "3.4E38");
        assert_eq!(f32s(1.0e-3), "0.001");
    }

    #[test]
    fn big_decimal_to_string() {
        assert_eq!(big_decimal_string(false, "123", 2), "1.23");
        assert_eq!(big_decimal_string(true, "123", 2), "-1.23");
        assert_eq!(big_decimal_string(false, "5", 3), "0.005");
        assert_eq!(big_decimal_string(false, "123", 0), "123");
        assert_eq!(big_decimal_string(false, "123", 10), "1.23E-8");
        assert_eq!(big_decimal_string(false, "123", -2), "1.23E+4");
        assert_eq!(big_decimal_string(false, "0", 2), "0.00");
        assert_eq!(big_decimal_string(false, "0", -2), "0E+2");
        assert_eq!(big_decimal_string(false, "1", 7), "1E-7");
    }

    #[test]
    fn strings_escape_like_jackson() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\n\u{1}é/\u{7f}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\n\\u0001é/\u{7f}\""
        );
    }

    #[test]
    fn supplementary_characters_are_escaped_pairs() {
        let mut out = Vec::new();
        write_str(&mut out, "x\u{1F600}y");
        assert_eq!(String::from_utf8(out).unwrap(), "\"x\\uD83D\\uDE00y\"");
    }

    #[test]
    fn parses_documents() {
        let j = parse(br#" {"a": [1, -2, 3.50, 1e3, 12345678901234567890], "b": "x\u00e9\ud83d\ude00", "a": null} "#)
            .unwrap()
            .unwrap();
        assert_eq!(j.get("a"), Some(&Json::Null));
        assert_eq!(j.get("b"), Some(&Json::String("xé😀".into())));
        if let Json::Object(m) = &j {
            assert_eq!(m.len(), 2);
            assert_eq!(m[0].0, "a");
        }
        let arr = parse(b"[1, -2, 3.50, 1e3, 12345678901234567890]")
            .unwrap()
            .unwrap();
        assert_eq!(
            arr,
            Json::Array(vec![
                Json::Number(Number::Int(1)),
                Json::Number(Number::Int(-2)),
                Json::Number(Number::Decimal("3.50".into())),
                Json::Number(Number::Decimal("1e3".into())),
                Json::Number(Number::BigInt("12345678901234567890".into())),
            ])
        );
        assert_eq!(parse(b"  ").unwrap(), None);
        let mut many = String::new();
        for i in 0..40 {
            write!(many, "\"k{}\":{i},", i % 20).unwrap();
        }
        let big = parse(format!("{{{many}\"z\":0}}").as_bytes())
            .unwrap()
            .unwrap();
        if let Json::Object(m) = &big {
            assert_eq!(m.len(), 21);
            assert_eq!(m[3], ("k3".to_owned(), Json::Number(Number::Int(23))));
        }
        assert!(parse(b"{\"a\":}").is_err());
        assert!(parse(b"01").is_err());
        assert!(parse(b"[1,]").is_err());
        assert!(parse(b"\"\x01\"").is_err());
    }

    #[test]
    fn span_of_member() {
        let doc = br#"{"schema": {"type":"int32","a":["x\"]",{}]} , "payload":1}"#;
        let (j, span) = parse_with_span(doc, "schema").unwrap();
        assert_eq!(span, Some(&br#"{"type":"int32","a":["x\"]",{}]}"#[..]));
        let j = j.unwrap();
        assert!(j.get("payload").is_some());
        assert_eq!(j.get("schema"), Some(&Json::Null));
        let (_, span) = parse_with_span(br#"{"schema":null,"payload":1}"#, "schema").unwrap();
        assert_eq!(span, Some(&b"null"[..]));
        assert!(parse_with_span(br#"{"schema":"abc"#, "schema").is_err());
        assert!(parse_with_span(br#"{"schema":"abc\"#, "schema").is_err());
    }

    #[test]
    fn lossy_longs() {
        assert_eq!(Number::Decimal("3.9".into()).as_i64_lossy(), 3);
        assert_eq!(Number::Decimal("-3.9".into()).as_i64_lossy(), -3);
        assert_eq!(
            Number::BigInt("18446744073709551617".into()).as_i64_lossy(),
            1
        );
    }
}
