"""State changes of the data exchange; each writes its audit entry in the same transaction."""
