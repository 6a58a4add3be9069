"""The REST API (``/api/v1/``): the same fetches, services and validation as the pages."""
