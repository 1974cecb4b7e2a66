"""Distributed mode: workers coordinated through a Kafka group and internal topics."""
