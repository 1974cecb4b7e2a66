//! The fixed-width converters of `org.apache.kafka.connect.converters`: Short,
//! Integer, Long, Float, Double (Kafka's big-endian serializers) and Boolean (one
//! byte, 0 or 1).

use crate::error::{NativeError, Result};
use crate::schema::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Short,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
}

impl NumberKind {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "short" => Self::Short,
            "integer" => Self::Integer,
            "long" => Self::Long,
            "float" => Self::Float,
            "double" => Self::Double,
            "boolean" => Self::Boolean,
            _ => return None,
        })
    }

    /// Java's `typeName` (used in messages).
    pub fn name(self) -> &'static str {
        match self {
            Self::Short => "short",
            Self::Integer => "integer",
            Self::Long => "long",
            Self::Float => "float",
            Self::Double => "double",
            Self::Boolean => "boolean",
        }
    }

    fn width(self) -> usize {
        match self {
            Self::Boolean => 1,
            Self::Short => 2,
            Self::Integer | Self::Float => 4,
            Self::Long | Self::Double => 8,
        }
    }

    fn deserializer(self) -> &'static str {
        match self {
            Self::Short => "ShortDeserializer",
            Self::Integer => "IntegerDeserializer",
            Self::Long => "LongDeserializer",
            // Kafka's Float/DoubleDeserializer say just "Deserializer".
            Self::Float | Self::Double => "Deserializer",
            Self::Boolean => "BooleanDeserializer",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Self::Float | Self::Double)
    }
}

/// Serialise an integer (`Short`/`Integer`/`Long`) or a boolean (as 0/1 for `Boolean`).
pub fn encode_int(kind: NumberKind, v: i64) -> Result<Vec<u8>> {
    let out_of_range = || {
        NativeError::data(format!(
            "Failed to serialize to {}: {v} is out of range",
            kind.name()
        ))
    };
    Ok(match kind {
        NumberKind::Short => i16::try_from(v)
            .map_err(|_| out_of_range())?
            .to_be_bytes()
            .to_vec(),
        NumberKind::Integer => i32::try_from(v)
            .map_err(|_| out_of_range())?
            .to_be_bytes()
            .to_vec(),
        NumberKind::Long => v.to_be_bytes().to_vec(),
        NumberKind::Boolean => vec![u8::from(v != 0)],
        NumberKind::Float => (v as f32).to_be_bytes().to_vec(),
        NumberKind::Double => (v as f64).to_be_bytes().to_vec(),
    })
}

/// Serialise a float (`Float` rounds to float32).
pub fn encode_float(kind: NumberKind, v: f64) -> Vec<u8> {
    if kind == NumberKind::Float {
        (v as f32).to_be_bytes().to_vec()
    } else {
        v.to_be_bytes().to_vec()
    }
}

/// Deserialise; the error message is Java's.
pub fn decode(kind: NumberKind, data: &[u8]) -> Result<Value> {
    if data.len() != kind.width() {
        return Err(NativeError::data(format!(
            "Failed to deserialize {}: Size of data received by {} is not {}",
            kind.name(),
            kind.deserializer(),
            kind.width()
        )));
    }
    let mut b = [0u8; 8];
    b[..data.len()].copy_from_slice(data);
    Ok(match kind {
        NumberKind::Short => Value::Int(i64::from(i16::from_be_bytes([b[0], b[1]]))),
        NumberKind::Integer => Value::Int(i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))),
        NumberKind::Long => Value::Int(i64::from_be_bytes(b)),
        NumberKind::Float => Value::Float(f64::from(f32::from_be_bytes([b[0], b[1], b[2], b[3]]))),
        NumberKind::Double => Value::Float(f64::from_be_bytes(b)),
        NumberKind::Boolean => match b[0] {
            0 => Value::Boolean(false),
            1 => Value::Boolean(true),
            other => {
                return Err(NativeError::data(format!(
                    "Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: {}",
                    other as i8
                )))
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(encode_int(NumberKind::Long, -1).unwrap(), vec![0xff; 8]);
        assert_eq!(
            decode(NumberKind::Long, &[0xff; 8]).unwrap(),
            Value::Int(-1)
        );
        assert_eq!(encode_int(NumberKind::Short, 258).unwrap(), vec![1, 2]);
        assert!(encode_int(NumberKind::Short, 1 << 20).is_err());
        assert_eq!(
            encode_float(NumberKind::Double, 1.0),
            1.0f64.to_be_bytes().to_vec()
        );
        assert_eq!(
            decode(NumberKind::Float, &0.5f32.to_be_bytes()).unwrap(),
            Value::Float(0.5)
        );
        assert_eq!(
            decode(NumberKind::Boolean, &[1]).unwrap(),
            Value::Boolean(true)
        );
        let err = decode(NumberKind::Integer, &[1, 2]).unwrap_err();
        assert_eq!(
            err.message(),
            "Failed to deserialize integer: Size of data received by IntegerDeserializer is not 4"
        );
        assert!(decode(NumberKind::Boolean, &[2]).is_err());
    }
}
