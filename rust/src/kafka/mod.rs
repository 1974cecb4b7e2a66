//! Kafka I/O on librdkafka (the `rdkafka` crate, vendored and linked statically).
//! Plain Rust: `py::producer` is the Python face.

pub mod consumer;
pub mod producer;
pub mod tracker;
