"""kconnect.connectors.file."""
