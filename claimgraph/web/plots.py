"""Layouts of the workbench's pictures: timelines, ego graphs and query graphs.

Each function returns coordinates and labels only; the templates draw them as
inline SVG, so every label passes through the template's escaping and the
pages need no drawing library.

Examples
--------
>>> from datetime import datetime, UTC
>>> events = [Event(datetime(2016, 8, 9, tzinfo=UTC), "a", "post", "first", None),
...           Event(datetime(2016, 8, 11, tzinfo=UTC), "b", "repost", "second", None)]
>>> plot = timeline(events, width=400)
>>> [lane.label for lane in plot.lanes], [round(dot.x) for dot in plot.dots]
(['a', 'b'], [140, 360])
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import networkx as nx

__all__ = [
    "Event",
    "Picture",
    "Timeline",
    "ego_picture",
    "graph_picture",
    "parse_time",
    "timeline",
]

_LANE = 18
_LEFT = 140
_TOP = 10
_AXIS = 28
_MAX_LANES = 60


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at ``when``, in row ``lane``, coloured by ``kind``."""

    when: datetime
    lane: str
    kind: str
    title: str
    href: str | None


@dataclass(frozen=True, slots=True)
class Dot:
    """A drawn event."""

    x: float
    y: float
    kind: str
    title: str
    href: str | None


@dataclass(frozen=True, slots=True)
class Lane:
    """A row of the timeline and its label."""

    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled mark on the time axis."""

    x: float
    label: str


@dataclass(slots=True)
class Timeline:
    """A timeline ready to draw: its size, rows, axis ticks and dots."""

    width: int
    height: int
    left: int
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    hidden_lanes: int = 0


def parse_time(value: object) -> datetime | None:
    """Return the ISO 8601 time ``value`` as an aware datetime, or ``None`` if it is not one.

    Examples
    --------
    >>> parse_time("2016-08-12T00:00:00Z").isoformat()
    '2016-08-12T00:00:00+00:00'
    >>> parse_time("soon") is None
    True
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def timeline(events: Sequence[Event], *, width: int = 900) -> Timeline:
    """Lay ``events`` out in rows by lane (busiest first), time running left to right.

    At most 60 rows are drawn; the events of the others are left out and counted.
    """
    busiest = [lane for lane, _ in Counter(e.lane for e in events).most_common()]
    rows = {lane: index for index, lane in enumerate(sorted(busiest[:_MAX_LANES]))}
    plot = Timeline(width=width, height=_TOP + _LANE * len(rows) + _AXIS, left=_LEFT)
    plot.hidden_lanes = max(0, len(busiest) - _MAX_LANES)
    plot.lanes = [Lane(_TOP + _LANE * i + _LANE / 2, lane) for lane, i in rows.items()]
    shown = [e for e in events if e.lane in rows]
    if not shown:
        return plot
    first = min(e.when for e in shown).timestamp()
    last = max(e.when for e in shown).timestamp()
    span = max(last - first, 1.0)
    right = width - 40

    def x_of(seconds: float) -> float:
        return _LEFT + (seconds - first) / span * (right - _LEFT)

    plot.dots = [
        Dot(
            x_of(e.when.timestamp()),
            _TOP + _LANE * rows[e.lane] + _LANE / 2,
            e.kind,
            e.title,
            e.href,
        )
        for e in shown
    ]
    plot.ticks = [Tick(x_of(t), label) for t, label in _ticks(first, last)]
    plot.kinds = sorted({e.kind for e in shown})
    return plot


def _ticks(first: float, last: float) -> list[tuple[float, str]]:
    """Return about six evenly spaced times between ``first`` and ``last``, with labels."""
    span = last - first
    fmt = "%Y-%m-%d" if span > 3 * 86400 else "%m-%d %H:%M" if span > 3600 else "%H:%M:%S"
    count = 6 if span > 0 else 1
    times = [first + span * i / max(count - 1, 1) for i in range(count)]
    return [(t, datetime.fromtimestamp(t, UTC).strftime(fmt)) for t in times]


@dataclass(frozen=True, slots=True)
class Spot:
    """A drawn node: where, its label, the colour class of ``kind`` and its page."""

    x: float
    y: float
    label: str
    kind: str
    href: str | None
    centre: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """A drawn relationship between two spots."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass(slots=True)
class Picture:
    """A graph ready to draw."""

    width: int
    height: int
    spots: list[Spot] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def ego_picture(
    centre: tuple[str, str, str | None],
    neighbours: Sequence[tuple[str, str, str | None, str]],
    *,
    size: int = 420,
) -> Picture:
    """Place ``centre`` (label, kind, page) in the middle and ``neighbours`` on a circle.

    Each neighbour is ``(label, kind, page, relation)``; the relation labels its line.

    Examples
    --------
    >>> picture = ego_picture(("K", "person", None), [("A", "person", None, "said about")])
    >>> [(s.label, round(s.x), round(s.y)) for s in picture.spots]
    [('K', 210, 210), ('A', 210, 60)]
    """
    middle = size / 2
    picture = Picture(width=size, height=size)
    picture.spots.append(Spot(middle, middle, centre[0], centre[1], centre[2], centre=True))
    radius = size / 2 - 60
    for index, (label, kind, href, relation) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(neighbours), 1)
        x, y = middle + radius * math.cos(angle), middle + radius * math.sin(angle)
        picture.lines.append(Line(middle, middle, x, y, relation))
        picture.spots.append(Spot(x, y, label, kind, href))
    return picture


def graph_picture(
    graph: nx.MultiDiGraph,
    describe: dict[str, tuple[str, str, str | None]],
    *,
    width: int = 900,
    height: int = 560,
) -> Picture:
    """Lay ``graph`` out (seeded spring layout) with each node's ``(label, kind, page)``."""
    picture = Picture(width=width, height=height)
    if graph.number_of_nodes() == 0:
        return picture
    positions = nx.spring_layout(nx.Graph(graph), seed=1, iterations=30)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]

    def place(key: str) -> tuple[float, float]:
        x, y = positions[key]
        return (
            40 + (x - min(xs)) / ((max(xs) - min(xs)) or 1) * (width - 80),
            30 + (y - min(ys)) / ((max(ys) - min(ys)) or 1) * (height - 60),
        )

    for start, end, rel_type in graph.edges(keys=True):
        (x1, y1), (x2, y2) = place(start), place(end)
        picture.lines.append(Line(x1, y1, x2, y2, str(rel_type)))
    for key in graph.nodes:
        label, kind, href = describe.get(key, (key, "other", None))
        x, y = place(key)
        picture.spots.append(Spot(x, y, label, kind, href))
    return picture
