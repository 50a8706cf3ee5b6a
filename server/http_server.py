"""Waitress for Palier: its own refusals (body too large, bad request) in the API's JSON shape.

Waitress refuses a body over `max_request_body_size` before the application sees the request,
with a plain-text 413, and closes the connection while the client is still sending: the client
then often reads a reset instead of the answer. Here the limit is the application's own
(MAX_CONTENT_LENGTH, so a body Flask accepts reaches Flask), the refusal is the JSON error shape
in French, and the announced body is read and dropped first so the answer arrives intact.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from server.errors import HTTP_MESSAGES

# A body announced as more than this many times the limit is refused without reading it.
DRAIN_FACTOR = 4


class DrainingParser(HTTPRequestParser):
    """Reads and drops the announced body of a request refused for its size."""

    draining = 0

    def received(self, data: bytes) -> int:
        """Take bytes from the socket; the refusal is complete once its body has been read."""
        if self.draining:
            taken = min(len(data), self.draining)
            self.draining -= taken
            if not self.draining:
                self.completed = True
            return taken
        consumed = super().received(data)
        if isinstance(self.error, RequestEntityTooLarge) and not self.chunked:
            # never "100 Continue" for a body we refuse: the client need not send it at all
            asked_to_continue, self.expect_continue = self.expect_continue, False
            limit = self.adj.max_request_body_size * DRAIN_FACTOR
            if not asked_to_continue and 0 < self.content_length <= limit:
                self.draining = self.content_length
                self.completed = False
        return consumed


class JsonErrorTask(ErrorTask):
    """Waitress's own error answers, as {"error": {"code", "message", "fields"}}."""

    def execute(self) -> None:
        """Write the JSON answer and close the connection."""
        error = self.request.error
        code, message = HTTP_MESSAGES.get(error.code, ("http_error", "Requête refusée."))
        body = orjson.dumps({"error": {"code": code, "message": message, "fields": {}}})
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class PalierChannel(HTTPChannel):
    """A connection using the draining parser and the JSON error answers."""

    parser_class = DrainingParser
    error_task_class = JsonErrorTask


def make_server(app: Flask, host: str, port: int, threads: int = 8, **options: Any) -> Any:
    """A waitress server for the app (call `.run()`); port 0 picks a free one."""
    socket_map: dict[Any, Any] = {}
    server = create_server(
        app,
        map=socket_map,
        host=host,
        port=port,
        threads=threads,
        ident="Palier",
        # waitress refuses a body of this size or more; Flask refuses one larger than its limit
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 1,
        **options,
    )
    for dispatcher in list(socket_map.values()):
        if isinstance(dispatcher, BaseWSGIServer):
            dispatcher.channel_class = PalierChannel
    return server
