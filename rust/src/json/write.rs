//! Writing helpers that reproduce Jackson's output byte for byte: string escapes,
//! Java's `Double`/`Float.toString` and `BigDecimal.toString`.

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
/// This is JDK 19+'s output; JDK 17 prints a few values with more digits than needed
/// (JDK-4511638, e.g. `9.999999999999999E22` for 1e23).
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
}
