"""The case records' long work, run by task workers."""

from crossroads.cases.importing.jobs import expire_undecided, import_file
from crossroads.cases.upgrading import upgrade_task

__all__ = ["expire_undecided", "import_file", "upgrade_task"]
