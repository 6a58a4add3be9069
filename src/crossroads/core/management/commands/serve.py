"""``crossroads serve``: serve the application with a production-quality WSGI server."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Crossroads with waitress (static files are served by the application)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings
        from waitress import serve

        from crossroads.wsgi import application

        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Crossroads is at {url} (Ctrl+C to stop)"))
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="crossroads",
            # Request bodies may hold identity fields; waitress never logs them.
            expose_tracebacks=False,
            # Bodies sent without a declared length stop at the same ceiling.
            max_request_body_size=settings.CROSSROADS_REQUEST_MAX_MEGABYTES * 1024 * 1024,
        )
