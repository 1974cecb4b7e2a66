//! Converters' per-record logic in plain Rust (no pyo3): `json` (`JsonConverter`),
//! `string` (`StringConverter`) and `header` (the `Values` subset behind
//! `SimpleHeaderConverter`).

pub mod header;
pub mod json;
pub mod string;
