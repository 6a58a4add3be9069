"""WSGI entry point for production servers (``crossroads serve`` uses it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
application = get_wsgi_application()
