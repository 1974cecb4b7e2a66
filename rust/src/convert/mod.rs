//! Converters' per-record logic in plain Rust (no pyo3): `json` (`JsonConverter`),
//! `string` (`StringConverter`), `number` (Short/Integer/Long/Float/Double/Boolean
//! converters) and `header` (the `Values` subset behind
//! `SimpleHeaderConverter`).

pub mod header;
pub mod json;
pub mod number;
pub mod string;
