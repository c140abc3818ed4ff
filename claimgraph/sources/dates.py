"""Turn the dates that pages and feeds give into ISO 8601 strings in UTC.

``published_at`` is a UTC datetime (``2016-08-10T03:30:00Z``) when the source
gives a time and its offset, and a plain date (``2016-08-10``) when it gives
only a date, or a time without an offset: shifting a time of unknown zone to
UTC would invent precision the source does not have.

Examples
--------
>>> iso_utc("2016-08-10T09:30:00+06:00")
'2016-08-10T03:30:00Z'
>>> iso_utc("2016-08-10")
'2016-08-10'
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

__all__ = ["iso_utc", "iso_utc_from_struct"]

_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso_utc(value: str | None) -> str | None:
    """Return an ISO 8601 date or datetime string as a UTC ISO 8601 string.

    Parameters
    ----------
    value : str or None
        A date such as ``'2016-08-10'`` or a datetime such as
        ``'2016-08-10T09:30:00+0600'``.

    Returns
    -------
    str or None
        ``'YYYY-MM-DDTHH:MM:SSZ'`` for a datetime with an offset,
        ``'YYYY-MM-DD'`` for a date or a datetime without one, and ``None``
        for nothing or something that is not ISO 8601.

    Examples
    --------
    >>> iso_utc("2016-08-10T09:30:00+0600")
    '2016-08-10T03:30:00Z'
    >>> iso_utc("2016-08-10T09:30:00")
    '2016-08-10'
    >>> iso_utc("last Tuesday") is None
    True
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(UTC).strftime(_UTC_FORMAT)


def iso_utc_from_struct(value: time.struct_time | None) -> str | None:
    """Return a UTC ``struct_time`` (as feedparser gives) as an ISO 8601 string.

    Examples
    --------
    >>> iso_utc_from_struct(time.gmtime(1470799800))
    '2016-08-10T03:30:00Z'
    >>> iso_utc_from_struct(None) is None
    True
    """
    if value is None:
        return None
    try:
        return time.strftime(_UTC_FORMAT, value)
    except (TypeError, ValueError):
        return None
