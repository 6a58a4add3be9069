"""Every change to reporting points, keys and reports, each with its audit entry.

Reporters are never identified: their actions are audited with no actor, under the
receiving organisation, with the report's number and nothing of its content, and no
address is ever passed here. Staff actions are audited with the staff member as usual.

- :mod:`.keys`: the organisation's reporting point settings and its key;
- :mod:`.reporter`: routing, submitting, and the reporter's return;
- :mod:`.conversation`: the messages both sides exchange on a report;
- :mod:`.triage`: reading, triage, replies and retention.
"""

from __future__ import annotations

# The object type of a report in the audit log.
OBJECT = "report"


class ReportingError(Exception):
    """A request that cannot be carried out; the message says why, for the person."""
