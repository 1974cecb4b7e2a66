"""kconnect.rest: the Apache Kafka Connect compatible REST API.

:func:`create_app` builds the Starlette application over a
:class:`~kconnect.runtime.herder.Herder`; :class:`RestServer` runs it with uvicorn inside the
caller's asyncio loop.
"""

from kconnect.rest.app import create_app
from kconnect.rest.server import RestServer

__all__ = ["RestServer", "create_app"]
