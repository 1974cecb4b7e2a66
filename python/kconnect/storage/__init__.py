"""Swappable stores for offsets, connector configs and statuses (memory, file, later Kafka topics)."""
