"""End-to-end benchmark: kconnect and Apache Kafka Connect side by side on one broker (``benches.run``)."""
