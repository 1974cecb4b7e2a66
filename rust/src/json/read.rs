//! The JSON reader: one pass over the bytes, building a [`Json`] tree or, through
//! [`Build`], any other tree directly.

use std::collections::HashMap;

use crate::error::{NativeError, Result};
use crate::json::{Json, Number};

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

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::json::{Json, Number};

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
}
