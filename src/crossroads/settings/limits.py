"""Limits on the size of requests, uploads, imports and API calls, and on long audits."""

from __future__ import annotations

from crossroads.env import env_int

# Uploads are parsed in memory up to this size; imports of large spreadsheets stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# The joint audit of a three-year window's pooled tables stops after this long; the window
# is then not pooled (exchange.services.pooling): nothing is published on an unfinished audit.
CROSSROADS_POOLED_AUDIT_SECONDS = env_int("CROSSROADS_POOLED_AUDIT_SECONDS", 3600, minimum=0)

CROSSROADS_IMPORT_MAX_MEGABYTES = env_int("CROSSROADS_IMPORT_MAX_MEGABYTES", 200, minimum=1)
# An .xlsx is a zip archive: its unpacked size is limited too (a "zip bomb" guard).
CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES = env_int(
    "CROSSROADS_IMPORT_MAX_UNPACKED_MEGABYTES", 2000, minimum=1
)
# A workbook's first sheet is refused before it is read when it spans more than this: a
# reader allocates every cell from A1 to the last one, so a tiny file can ask for more
# memory than any server has (docs/security.md).
CROSSROADS_IMPORT_MAX_ROWS = env_int("CROSSROADS_IMPORT_MAX_ROWS", 1_048_576, minimum=1)
CROSSROADS_IMPORT_MAX_COLUMNS = env_int("CROSSROADS_IMPORT_MAX_COLUMNS", 1000, minimum=1)
CROSSROADS_IMPORT_MAX_CELLS = env_int("CROSSROADS_IMPORT_MAX_CELLS", 40_000_000, minimum=1)
# No request body may be larger than the largest upload (an import, or a token file of
# up to 300 MB) with its form; larger ones are refused before they are read.
CROSSROADS_REQUEST_MAX_MEGABYTES = env_int(
    "CROSSROADS_REQUEST_MAX_MEGABYTES", max(CROSSROADS_IMPORT_MAX_MEGABYTES, 300) + 10, minimum=1
)
# The API: requests per access token (or signed-in person) and minute, and the largest
# JSON body (uploads through the API have their own limits, as on the pages).
CROSSROADS_API_REQUESTS_PER_MINUTE = env_int("CROSSROADS_API_REQUESTS_PER_MINUTE", 600, minimum=1)
CROSSROADS_API_MAX_KILOBYTES = env_int("CROSSROADS_API_MAX_KILOBYTES", 1024, minimum=1)
