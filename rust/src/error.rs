//! The one error type of the native core.  `py::errors` maps each variant to a
//! class of `kconnect.errors`; nothing else in the crate knows about Python.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeError {
    /// A value could not be converted or does not match its schema (`DataError`).
    Data(String),
    /// A converter configuration is invalid (`ConfigError`).
    Config(String),
    /// Kafka refused or failed a request (`ConnectError`).
    Kafka(String),
}

pub type Result<T> = std::result::Result<T, NativeError>;

impl NativeError {
    pub fn data(msg: impl Into<String>) -> Self {
        Self::Data(msg.into())
    }

    pub fn config(msg: impl Into<String>) -> Self {
        Self::Config(msg.into())
    }

    pub fn kafka(msg: impl Into<String>) -> Self {
        Self::Kafka(msg.into())
    }

    pub fn message(&self) -> &str {
        match self {
            Self::Data(m) | Self::Config(m) | Self::Kafka(m) => m,
        }
    }
}

impl fmt::Display for NativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for NativeError {}
