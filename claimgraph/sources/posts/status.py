"""What the data says of an account's standing: active, protected, withheld, suspended, deleted.

An account's status is read only where the data states it, and written on
its ``Account`` node as ``status`` (one of :data:`ACCOUNT_STATUSES`) with
``status_seen``, when it was seen. The words of the vocabulary:

- ``active``: the data says the account is in good standing;
- ``protected``: its posts are visible to approved followers only (private, locked);
- ``withheld``: the platform withholds it in some countries;
- ``suspended``: the platform suspended it (banned);
- ``deleted``: it no longer exists (deleted, deactivated, not found).

Other words are left out, never guessed at: an unknown value gives no status,
and never costs the post it came with. X/Twitter states a status in three
places: a v1.1 user's ``protected`` and ``withheld_in_countries``, a v2
user's ``protected`` and ``withheld``, and the ``errors`` of a v2 response
for users it could not return ("User has been suspended: [id].", "Could not
find user with id: [id].", "Sorry, you are not authorized to see the user
with id: [id].").

Examples
--------
>>> normalise_status(" Suspended "), normalise_status("not found"), normalise_status("gone")
('suspended', 'deleted', None)
>>> user_status({"protected": True, "withheld_in_countries": ["DE"]})
'withheld'
>>> error_status({"resource_type": "user", "title": "Forbidden", "parameter": "id",
...               "resource_id": "42", "detail": "User has been suspended: [42]."})
('id', '42', 'suspended')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "ACCOUNT_STATUSES",
    "STATUS_COLUMNS",
    "error_status",
    "error_statuses",
    "normalise_status",
    "strongest",
    "user_status",
]

#: The statuses an account may have, weakest first: when one record gives two
#: (protected and withheld), the later in this order is kept.
ACCOUNT_STATUSES = ("active", "protected", "withheld", "suspended", "deleted")

#: Table columns read as the author's status when the column mapping names none.
STATUS_COLUMNS = ("account_status", "user_status", "author_status", "status")

_SYNONYMS = {
    "active": "active",
    "live": "active",
    "available": "active",
    "protected": "protected",
    "private": "protected",
    "locked": "protected",
    "withheld": "withheld",
    "suspended": "suspended",
    "banned": "suspended",
    "deleted": "deleted",
    "deactivated": "deleted",
    "removed": "deleted",
    "not_found": "deleted",
    "notfound": "deleted",
}
_SEPARATORS = re.compile(r"[\s\-_]+")


def normalise_status(value: object) -> str | None:
    """Return the status word of ``value`` (any case, ``not-found`` for ``not found``), or None.

    Anything but a known word (a number, an object, another word) gives None.
    """
    if not isinstance(value, str):
        return None
    return _SYNONYMS.get(_SEPARATORS.sub("_", value.strip().casefold()))


def strongest(statuses: Iterable[str | None]) -> str | None:
    """Return the last of ``statuses`` in :data:`ACCOUNT_STATUSES` order, None if none is given.

    Examples
    --------
    >>> strongest(["protected", None, "suspended"]), strongest([None])
    ('suspended', None)
    """
    known = [status for status in statuses if status in ACCOUNT_STATUSES]
    return max(known, key=ACCOUNT_STATUSES.index) if known else None


def user_status(user: Mapping[str, Any]) -> str | None:
    """Return the status an X/Twitter user object (v1.1 or v2) states, or None.

    ``protected: true`` is ``protected``; a non-empty ``withheld_in_countries``
    (v1.1) or ``withheld.country_codes`` (v2) is ``withheld``. A user object
    without them says nothing of its standing, so it gives None, not ``active``.
    """
    withheld = user.get("withheld")
    countries = user.get("withheld_in_countries") or (
        withheld.get("country_codes") if isinstance(withheld, Mapping) else None
    )
    return strongest(
        [
            "protected" if user.get("protected") is True else None,
            "withheld" if isinstance(countries, list) and countries else None,
        ]
    )


def error_status(error: object) -> tuple[str, str, str] | None:
    """Return ``(key kind, key, status)`` of one v2 response error about a user, else None.

    The key kind is ``username`` when the error names the user by handle
    (``parameter`` such as ``entities.mentions.username``), else ``id``; the
    username is lower-cased.
    """
    if not isinstance(error, Mapping) or error.get("resource_type") != "user":
        return None
    key = error.get("resource_id") or error.get("value")
    if not isinstance(key, str | int) or isinstance(key, bool) or not str(key).strip():
        return None
    detail = str(error.get("detail") or "").casefold()
    title = str(error.get("title") or "").casefold()
    if "suspended" in detail:
        status = "suspended"
    elif title == "not found error" or detail.startswith("could not find user"):
        status = "deleted"
    elif title == "authorization error" or "not authorized to see the user" in detail:
        status = "protected"
    else:
        return None
    kind = "username" if "username" in str(error.get("parameter") or "") else "id"
    text = str(key).strip().lstrip("@")
    return kind, text.casefold() if kind == "username" else text, status


def error_statuses(errors: object) -> dict[tuple[str, str], str]:
    """Return the status of each user the ``errors`` of a v2 response speak of.

    Keys are ``("id", user id)`` and ``("username", lower-cased handle)``.
    Anything in ``errors`` that is not an error about a user is passed over.

    Examples
    --------
    >>> error_statuses([{"resource_type": "user", "parameter": "entities.mentions.username",
    ...                  "resource_id": "Gone1", "title": "Not Found Error",
    ...                  "detail": "Could not find user with username: [Gone1]."}, "junk"])
    {('username', 'gone1'): 'deleted'}
    """
    found: dict[tuple[str, str], str] = {}
    for error in errors if isinstance(errors, list) else ():
        status = error_status(error)
        if status is not None:
            kind, key, word = status
            found[kind, key] = strongest([found.get((kind, key)), word]) or word
    return found
