"""Privacy-preserving linkage tokens and the linkage of lists.

A linkage token is a keyed hash (HMAC-SHA256) of normalised identity fields.
The same person written differently (case, accents, scripts, name order, date
formats) gives the same token; without the key a token reveals nothing and
cannot be recomputed from a guessed identity. Each identity yields a *cascade*
of tokens of decreasing strictness, so that a typo in one field still links
on a looser token (see :data:`TOKEN_LEVELS`).

The identity itself is never kept: callers pass it in, receive tokens, and
drop it. List holders turn a CSV of identities into a token file with
:func:`tokenize_csv` (``crossroads tokenize``); the secretariat reads token
files (:func:`read_token_file`) and links several lists into an overlap
table with :func:`link`.
"""

from crossroads.stats.linkage._files import (
    TokenFile,
    TokenFileError,
    check_list_name,
    read_token_file,
    token_keys,
    write_token_file,
)
from crossroads.stats.linkage._forest import LevelReport
from crossroads.stats.linkage._link import (
    DUPLICATE_LEVEL,
    Linkage,
    LinkageError,
    TokenList,
    duplicate_groups,
    link,
)
from crossroads.stats.linkage._normalise import (
    Identity,
    IdentityError,
    normalise_date,
    normalise_name,
    normalise_sex,
)
from crossroads.stats.linkage._synthetic import (
    RecordingErrors,
    SyntheticIdentity,
    synthetic_identities,
    with_recording_errors,
)
from crossroads.stats.linkage._tokenize import (
    ColumnError,
    IdentityColumns,
    RowProblem,
    TokenizeError,
    TokenizeSummary,
    tokenize_csv,
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
    "DUPLICATE_LEVEL",
    "LEVEL_NAMES",
    "TOKEN_LEVELS",
    "ColumnError",
    "Identity",
    "IdentityColumns",
    "IdentityError",
    "LevelReport",
    "Linkage",
    "LinkageError",
    "LinkageKey",
    "RecordingErrors",
    "RowProblem",
    "SyntheticIdentity",
    "TokenFile",
    "TokenFileError",
    "TokenLevel",
    "TokenList",
    "TokenSet",
    "TokenizeError",
    "TokenizeSummary",
    "check_list_name",
    "duplicate_groups",
    "link",
    "normalise_date",
    "normalise_name",
    "normalise_sex",
    "read_token_file",
    "synthetic_identities",
    "token_cascade",
    "token_keys",
    "tokenize_csv",
    "with_recording_errors",
    "write_token_file",
]
