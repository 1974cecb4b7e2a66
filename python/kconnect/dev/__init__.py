"""Real local services for development, tests, CI and benchmarks (no Docker, no tarballs).

Each service is fetched once into ``~/.cache/kconnect`` (``$KCONNECT_CACHE``),
runs as a child process on free 127.0.0.1 ports and is waited for until it
really answers.  ``kconnect.dev.kafka.KafkaBroker`` is the Kafka broker::

    with KafkaBroker() as broker:              # fetch (first run), format, start, wait
        broker.create_topic("t", partitions=3)
        use(broker.bootstrap_servers)          # "127.0.0.1:<port>"

Nothing here is imported by the runtime; ``kconnect dev kafka`` is the CLI.
"""
