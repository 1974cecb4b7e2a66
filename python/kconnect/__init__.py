"""kconnect: Kafka Connect for Python, with a Rust core."""

__version__ = "0.1.0"
