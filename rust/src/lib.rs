//! kconnect's native core. Plain-Rust modules hold the logic; `py` is the only
//! module that knows about Python (pyo3).

pub mod calendar;
pub mod convert;
pub mod error;
pub mod json;
pub mod kafka;
pub mod schema;

pub mod py;
