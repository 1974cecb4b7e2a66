//! `StringConverter` helpers: Java's `toString` of numbers and UTF-8 decoding.

use crate::json;

/// Java's `Double.toString(v)` (e.g. `1.0`, `1.0E10`, `NaN`).
pub fn java_double_string(v: f64) -> String {
    let mut out = Vec::with_capacity(24);
    json::write_f64(&mut out, v);
    unquote(out)
}

/// Java's `Float.toString(v)`.
pub fn java_float_string(v: f32) -> String {
    let mut out = Vec::with_capacity(16);
    json::write_f32(&mut out, v);
    unquote(out)
}

fn unquote(mut out: Vec<u8>) -> String {
    if out.first() == Some(&b'"') {
        out.pop();
        out.remove(0);
    }
    // Only ASCII digits, signs, '.', 'E' and letters are ever written.
    String::from_utf8(out).unwrap_or_default()
}

/// Java's `java.util.Date.toString()` in UTC: `Fri Jan 01 00:00:00 UTC 2021`.
pub fn java_date_string(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = ms.div_euclid(86_400_000);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    let (y, m, d) = crate::calendar::civil_from_days(day);
    format!(
        "{} {} {d:02} {:02}:{:02}:{:02} UTC {y}",
        DAYS[(day + 4).rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Decode UTF-8 as Java's `new String(bytes, UTF_8)`: malformed input becomes U+FFFD.
pub fn decode_utf8(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_number_strings() {
        assert_eq!(java_double_string(1.0), "1.0");
        assert_eq!(java_double_string(f64::NAN), "NaN");
        assert_eq!(java_double_string(-f64::INFINITY), "-Infinity");
        assert_eq!(java_double_string(1e21), "1.0E21");
        assert_eq!(java_float_string(0.1), "0.1");
        assert_eq!(
            java_date_string(1_609_459_200_000),
            "Fri Jan 01 00:00:00 UTC 2021"
        );
        assert_eq!(java_date_string(45_296_789), "Thu Jan 01 12:34:56 UTC 1970");
    }

    #[test]
    fn lossy_utf8() {
        assert_eq!(decode_utf8(b"h\xc3\xa9"), "hé");
        assert_eq!(decode_utf8(b"a\xffb"), "a\u{fffd}b");
    }
}
