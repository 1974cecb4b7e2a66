"""kconnect.cli."""
