//! Avro binary encoding of Connect values, for the Avro schemas the `AvroConverter` derives
//! from Connect schemas (`kconnect.converters.avro_data.to_avro_schema`).
//!
//! Because that mapping is fixed, the Connect schema alone decides the bytes: INT8..INT32 and
//! Date/Time are Avro `int`, INT64 and Timestamp `long` (zig-zag varints), FLOAT32/FLOAT64
//! little-endian IEEE, STRING/BYTES and Decimal (big-endian two's complement unscaled value)
//! length-prefixed, ARRAY and MAP in blocks ending with a zero count (a MAP whose keys are not
//! required strings is an array of key/value records), STRUCT its fields in order, and an
//! optional schema a union: `["null", T]`, or `[T, "null"]` when the schema has a default.
//! Writers of other Avro schemas (enums, fixed, general unions) are decoded by the Python codec.

pub mod read;
pub mod write;

pub use read::read_value;
pub use write::write_value;
