"""kconnect.storage."""
