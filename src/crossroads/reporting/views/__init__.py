"""Reporting pages: :mod:`.public` for reporters (no account, no cookie but CSRF's, no
address anywhere), :mod:`.inbox` and :mod:`.administration` for the receiving organisation."""
