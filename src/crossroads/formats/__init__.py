"""Date and number formats that differ from Django's defaults (``FORMAT_MODULE_PATH``).

Crossroads serves European organisations: English dates read "3 December
2026", never the American "Dec. 3, 2026". Other languages keep Django's
formats, which follow each language's own conventions.
"""
