"""Spreadsheet imports for data officers: CSV and XLSX checked against the standard.

- :mod:`.columns`: the spreadsheet layout of a record (shared with exports and the template);
- :mod:`.readers`: reading CSV (any common delimiter, UTF-8 with or without BOM) and XLSX;
- :mod:`.checking`: validating every row and building the report;
- :mod:`.jobs`: the import job: upload, progress, decision, import, audit;
- :mod:`.template`: the XLSX template generated from the standard.

Layout rules, as the user guide states them: one row per record; columns by
field code or by label in any language; events as ``<event>.<field>`` codes
or labels like "Compensation — Route", one event of each kind per row;
several values in one cell separated by ``;``; the client code identifies
the record, so importing a file twice creates no duplicates.
"""
