"""kconnect.runtime."""
