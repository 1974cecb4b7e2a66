"""kconnect.dev."""
