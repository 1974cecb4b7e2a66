"""kconnect.runtime.standalone."""
