"""Serving: a taken port says so in one sentence, and the request log keeps no address or value."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crossroads.accounts.models import Organisation
from crossroads.core.serving import web_server_command
from crossroads.testing import Personas


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_serving_on_a_taken_port_says_so_in_one_sentence(taken_port: int) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("serve", port=taken_port)
    message = str(refused.value)
    assert f"Port {taken_port} is already in use" in message
    assert f"make demo PORT={taken_port + 1}" in message
    assert "\n" not in message and "Traceback" not in message


def test_the_demo_refuses_a_taken_port_before_building_anything(db: None, taken_port: int) -> None:
    with pytest.raises(CommandError, match="already in use"):
        call_command("demo", port=taken_port)
    assert not Organisation.objects.exists()


def test_the_web_server_runs_several_processes_of_several_threads() -> None:
    command = web_server_command("127.0.0.1", 8000, processes=3, threads=4, max_body_bytes=10)
    assert command[1:3] == ["-m", "gunicorn"]
    assert "--workers=3" in command and "--threads=4" in command
    # The application is loaded once before the port opens, so no request waits for it.
    assert "--preload" in command


def test_each_request_is_logged_without_query_values_or_address(
    personas: Personas, caplog: pytest.LogCaptureFixture
) -> None:
    client = personas.client_for(personas.caseworker_a)
    with caplog.at_level(logging.INFO, logger="crossroads.requests"):
        client.get("/cases/?q=SECRET-CODE&year=2024", REMOTE_ADDR="203.0.113.9")
    lines = [r.getMessage() for r in caplog.records if r.name == "crossroads.requests"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /cases/?q=…&year=… 200 ")
    assert "SECRET" not in lines[0] and "2024" not in lines[0] and "203.0.113.9" not in lines[0]
