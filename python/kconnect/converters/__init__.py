"""kconnect.converters."""
