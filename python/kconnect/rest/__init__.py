"""kconnect.rest: the Apache Kafka Connect compatible REST API.

:func:`create_app` builds the Starlette application over a
:class:`~kconnect.runtime.herder.Herder`; :class:`RestServer` runs it with uvicorn inside the
caller's asyncio loop.  Routes are data (:mod:`kconnect.rest.routing`); the same table serves
``GET /openapi.json``.

Compatibility notes (paths, bodies and status codes follow Connect; these are the deliberate
differences and the choices where Java's behaviour is an accident):

* Malformed bodies (invalid JSON, wrong JSON types, unknown ``CreateConnectorRequest`` fields,
  missing body or ``config``): **400**; Java answers 500 (Jackson exceptions and NPEs reach its
  catch-all mapper).  See :data:`kconnect.rest.errors.MALFORMED_BODY_STATUS`.
* ``null`` config values on create/put: 400 with Connect's "Connector configuration is invalid
  ..." message listing only the null (and name) errors, before the herder is called; on
  ``/config/validate`` they are reported inside the ConfigInfos as Java does.
* A declared non-JSON ``Content-Type`` is 415 on endpoints that read a body; a missing one is
  accepted (Jersey's ``@Consumes`` matching).
* Topic tracking is off: ``/connectors/<c>/topics`` and ``/topics/reset`` are 403.
* ``/admin/loggers`` drives Python :mod:`logging` with log4j level names; cluster scope
  answers 204 and applies to this worker (standalone).
* ``https://`` listeners are not supported yet (ConfigError).
* A trailing slash is served like the bare path (no redirect), as Jersey does.
"""

from kconnect.rest.app import create_app
from kconnect.rest.server import RestServer

__all__ = ["RestServer", "create_app"]
