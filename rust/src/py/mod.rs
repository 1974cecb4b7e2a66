//! The pyo3 boundary: the `kconnect._native` module.  Nothing outside `py/`
//! knows about Python.

pub mod avro;
// The plain-Rust Avro codec (rust/src/avro/, no pyo3); mounted here so lib.rs stays untouched.
#[path = "../avro/mod.rs"]
pub mod avro_core;
pub mod consumer;
pub mod convert;
pub mod errors;
pub mod gil;
pub mod plain;
pub mod producer;
pub mod schemas;
pub mod types;
pub mod values;

use pyo3::prelude::*;

#[pymodule]
mod _native {
    #[pymodule_export]
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    #[pymodule_export]
    use super::avro::AvroCodec;
    #[pymodule_export]
    use super::consumer::NativeConsumer;
    #[pymodule_export]
    use super::convert::{HeaderCodec, JsonCodec};
    #[pymodule_export]
    use super::plain::{ByteArrayCodec, NumberCodec, StringCodec};
    #[pymodule_export]
    use super::producer::NativeProducer;
}
