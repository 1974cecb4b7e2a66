//! A small JSON reader and the writing helpers that reproduce Jackson's output
//! byte for byte (as used by Kafka's `JsonSerializer`/`JsonDeserializer`).
//!
//! Reading keeps what Jackson's tree model keeps: integers that fit a `long`,
//! the text of bigger integers and of every non-integral number (Connect reads
//! floats as `BigDecimal`), object members in order with the last duplicate
//! winning.  Like `ObjectMapper.readTree` with default features, content after
//! the first value is ignored and empty input reads as "missing".

mod read;
mod write;

pub use read::{parse, parse_into, parse_with_span, Build, JsonTree};
pub use write::{big_decimal_string, write_f32, write_f64, write_str};

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

#[cfg(test)]
mod tests {
    use super::*;

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
