"""The case records' long work, run by task workers (declared with the import machinery)."""

from crossroads.cases.importing.jobs import expire_undecided, import_file

__all__ = ["expire_undecided", "import_file"]
