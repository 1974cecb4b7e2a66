"""HDFS sink (Java: ``io.confluent.connect.hdfs.HdfsSinkConnector``, ``...hdfs3.Hdfs3SinkConnector``).

Kafka topics into HDFS, the local filesystem or any fsspec store as Parquet,
Avro, JSON-lines or text files, with the reference's names, layout and
exactly-once commit protocol (temp files, write-ahead log, recovery that seeks
the consumer).
"""

from kconnect.connectors.hdfs.connector import Hdfs3SinkConnector, HdfsSinkConnector, HdfsSinkTask

__all__ = ["Hdfs3SinkConnector", "HdfsSinkConnector", "HdfsSinkTask"]
