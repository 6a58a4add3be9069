"""WSGI entry point for production servers (``crossroads serve`` uses it too)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
application = get_wsgi_application()

# Import every view now, while the server loads the application (once, before the port
# opens, under ``crossroads serve``), rather than in each process's first request: that
# costs about 0.4 s, which the first people after a restart would wait. No database
# connection is opened.
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
