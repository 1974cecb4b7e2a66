//! The Rust form of a Connect schema and of Connect values.
//!
//! A [`Schema`] mirrors `kconnect.data.Schema` (and Java's `ConnectSchema`); it is
//! immutable and shared through `Arc`.  A [`Value`] is a Connect value already
//! checked against its schema (or inferred, for schemaless data), ready to be
//! serialised without touching Python.

use std::sync::Arc;

use crate::error::{NativeError, Result};

/// The twelve Connect schema types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaType {
    Int8,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
    Boolean,
    String,
    Bytes,
    Array,
    Map,
    Struct,
}

impl SchemaType {
    /// The name used by `kconnect.data.Type` (its `.value`).
    pub fn py_name(self) -> &'static str {
        match self {
            Self::Int8 => "int8",
            Self::Int16 => "int16",
            Self::Int32 => "int32",
            Self::Int64 => "int64",
            Self::Float32 => "float32",
            Self::Float64 => "float64",
            Self::Boolean => "boolean",
            Self::String => "string",
            Self::Bytes => "bytes",
            Self::Array => "array",
            Self::Map => "map",
            Self::Struct => "struct",
        }
    }

    /// Java's `Schema.Type` name, used in error messages.
    pub fn java_name(self) -> &'static str {
        match self {
            Self::Int8 => "INT8",
            Self::Int16 => "INT16",
            Self::Int32 => "INT32",
            Self::Int64 => "INT64",
            Self::Float32 => "FLOAT32",
            Self::Float64 => "FLOAT64",
            Self::Boolean => "BOOLEAN",
            Self::String => "STRING",
            Self::Bytes => "BYTES",
            Self::Array => "ARRAY",
            Self::Map => "MAP",
            Self::Struct => "STRUCT",
        }
    }

    pub fn from_py_name(name: &str) -> Option<Self> {
        Some(match name {
            "int8" => Self::Int8,
            "int16" => Self::Int16,
            "int32" => Self::Int32,
            "int64" => Self::Int64,
            "float32" => Self::Float32,
            "float64" => Self::Float64,
            "boolean" => Self::Boolean,
            "string" => Self::String,
            "bytes" => Self::Bytes,
            "array" => Self::Array,
            "map" => Self::Map,
            "struct" => Self::Struct,
            _ => return None,
        })
    }
}

pub const DECIMAL_NAME: &str = "org.apache.kafka.connect.data.Decimal";
pub const DATE_NAME: &str = "org.apache.kafka.connect.data.Date";
pub const TIME_NAME: &str = "org.apache.kafka.connect.data.Time";
pub const TIMESTAMP_NAME: &str = "org.apache.kafka.connect.data.Timestamp";

/// The logical type a schema name selects (Java: `LOGICAL_CONVERTERS` keyed by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logical {
    None,
    /// `scale` is `None` when the schema lacks (or has an unparsable) `scale` parameter;
    /// that is only an error once a value needs it, as in Java.
    Decimal(Option<i32>),
    Date,
    Time,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub schema: Arc<Schema>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub ty: SchemaType,
    pub optional: bool,
    pub default: Option<Value>,
    pub name: Option<String>,
    pub version: Option<i32>,
    pub doc: Option<String>,
    /// In insertion order (Java's `SchemaBuilder` keeps a `LinkedHashMap`).
    pub parameters: Option<Vec<(String, String)>>,
    pub key_schema: Option<Arc<Schema>>,
    pub value_schema: Option<Arc<Schema>>,
    pub fields: Vec<Field>,
    pub logical: Logical,
}

impl Schema {
    /// A bare schema of type `ty` (required, no name, no parameters).
    pub fn new(ty: SchemaType) -> Self {
        Self {
            ty,
            optional: false,
            default: None,
            name: None,
            version: None,
            doc: None,
            parameters: None,
            key_schema: None,
            value_schema: None,
            fields: Vec::new(),
            logical: Logical::None,
        }
    }

    /// Derive `logical` from `name` and `parameters`; call after setting both.
    pub fn resolve_logical(&mut self) {
        self.logical = match self.name.as_deref() {
            Some(DECIMAL_NAME) => Logical::Decimal(
                self.parameter("scale")
                    .and_then(|s| s.trim().parse::<i32>().ok()),
            ),
            Some(DATE_NAME) => Logical::Date,
            Some(TIME_NAME) => Logical::Time,
            Some(TIMESTAMP_NAME) => Logical::Timestamp,
            _ => Logical::None,
        };
    }

    pub fn parameter(&self, key: &str) -> Option<&str> {
        self.parameters
            .as_ref()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn decimal_scale(&self) -> Result<i32> {
        match self.logical {
            Logical::Decimal(Some(scale)) => Ok(scale),
            _ => Err(NativeError::data(
                "Invalid Decimal schema: scale parameter not found.",
            )),
        }
    }

    /// Element schema of an ARRAY (and value schema of a MAP).
    pub fn value_schema(&self) -> &Arc<Schema> {
        self.value_schema
            .as_ref()
            .expect("ARRAY and MAP schemas have a value schema")
    }

    pub fn key_schema(&self) -> &Arc<Schema> {
        self.key_schema
            .as_ref()
            .expect("MAP schemas have a key schema")
    }
}

/// A decimal number: `unscaled * 10^-scale` (Java's `BigDecimal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalValue {
    pub negative: bool,
    /// Decimal digits of the unscaled magnitude, without leading zeros ("0" for zero).
    pub digits: String,
    pub scale: i32,
}

/// A Connect value.  Logical values keep their logical form (the serialiser knows
/// how each is written).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Boolean(bool),
    /// Any of INT8..INT64 (range checked when built).
    Int(i64),
    Float(f64),
    String(String),
    Bytes(Vec<u8>),
    Array(Vec<Value>),
    /// Entries in iteration order.
    Map(Vec<(Value, Value)>),
    /// Field values in schema order.
    Struct(Vec<Value>),
    Decimal(DecimalValue),
    /// Days since the epoch (Date), ms since midnight (Time) or since the epoch (Timestamp).
    Date(i32),
    Time(i32),
    Timestamp(i64),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// The inclusive range of an integer schema type.
pub fn int_range(ty: SchemaType) -> (i64, i64) {
    match ty {
        SchemaType::Int8 => (i8::MIN.into(), i8::MAX.into()),
        SchemaType::Int16 => (i16::MIN.into(), i16::MAX.into()),
        SchemaType::Int32 => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_resolution() {
        let mut s = Schema::new(SchemaType::Bytes);
        s.name = Some(DECIMAL_NAME.into());
        s.parameters = Some(vec![("scale".into(), "2".into())]);
        s.resolve_logical();
        assert_eq!(s.logical, Logical::Decimal(Some(2)));
        assert_eq!(s.decimal_scale().unwrap(), 2);
        s.parameters = None;
        s.resolve_logical();
        assert!(s.decimal_scale().is_err());
    }

    #[test]
    fn type_names_round_trip() {
        for t in [SchemaType::Int8, SchemaType::Float64, SchemaType::Struct] {
            assert_eq!(SchemaType::from_py_name(t.py_name()), Some(t));
        }
        assert_eq!(int_range(SchemaType::Int8), (-128, 127));
    }
}
