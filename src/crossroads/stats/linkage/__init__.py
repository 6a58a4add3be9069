"""Privacy-preserving linkage tokens.

A linkage token is a keyed hash (HMAC-SHA256) of normalised identity fields.
The same person written differently (case, accents, scripts, name order, date
formats) gives the same token; without the key a token reveals nothing and
cannot be recomputed from a guessed identity. Each identity yields a *cascade*
of tokens of decreasing strictness, so that a typo in one field still links
on a looser token (see :data:`TOKEN_LEVELS`).

The identity itself is never kept: callers pass it in, receive tokens, and
drop it.
"""

from crossroads.stats.linkage._normalise import (
    Identity,
    IdentityError,
    normalise_date,
    normalise_name,
    normalise_sex,
)
from crossroads.stats.linkage._tokens import (
    LEVEL_NAMES,
    TOKEN_LEVELS,
    LinkageKey,
    TokenLevel,
    TokenSet,
    token_cascade,
)

__all__ = [
    "LEVEL_NAMES",
    "TOKEN_LEVELS",
    "Identity",
    "IdentityError",
    "LinkageKey",
    "TokenLevel",
    "TokenSet",
    "normalise_date",
    "normalise_name",
    "normalise_sex",
    "token_cascade",
]
