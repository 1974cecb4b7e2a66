"""kconnect.transforms."""
