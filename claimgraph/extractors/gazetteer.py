"""Gazetteers: the watch-lists of actors researchers keep, as TOML files.

A gazetteer seeds and overrides resolution across documents: every alias of
an entry resolves to its canonical name and kind, whatever the NER thought,
and the entry's accounts are linked to it with ``OPERATES``. Aliases may be
written in any script; a name also finds its entry through the cross-script
key of :func:`claimgraph.extractors.names.name_key` (Масимов, Masimov) when
exactly one entry has that key.

Examples
--------
>>> g = parse_gazetteer('''
... [[actor]]
... name = "Karim Massimov"
... kind = "person"
... aliases = ["Massimov", "Масимов"]
... accounts = ["twitter:KarimMassimov"]
... ''')
>>> g.lookup("масимов").name
'Karim Massimov'
>>> g.lookup("Massimov").accounts
('twitter:karimmassimov',)
>>> g.lookup("Карим Масимов").name
'Karim Massimov'
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.errors import GazetteerError
from claimgraph.extractors import names
from claimgraph.model import ACTOR_KINDS, account_id, actor_id, slugify

__all__ = ["Gazetteer", "GazetteerEntry", "load_gazetteer", "parse_gazetteer", "name_key"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known actor: canonical name, kind, aliases and accounts."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    sameas: str | None = None

    @property
    def id(self) -> str:
        """Return the actor id of the canonical name."""
        return actor_id(self.name)

    def all_names(self) -> list[str]:
        """Return the canonical name followed by every alias."""
        return [self.name, *self.aliases]


@dataclass(slots=True)
class Gazetteer:
    """A set of entries with a case-insensitive index of every name and alias."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    by_id: dict[str, GazetteerEntry] = field(default_factory=dict)
    _by_name: dict[str, GazetteerEntry] = field(default_factory=dict)
    _by_key: dict[tuple[str, ...], set[str]] = field(default_factory=dict)

    def add(self, entry: GazetteerEntry) -> None:
        """Add ``entry``; a later entry's names override an earlier one's."""
        self.entries.append(entry)
        self.by_id[entry.id] = entry
        for name in entry.all_names():
            self._by_name[name_key(name)] = entry
            if key := names.name_key(name):
                self._by_key.setdefault(key, set()).add(entry.id)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """Return the entry that has ``name`` as its name or an alias, in any spelling."""
        if not self._by_name and not self._by_key:
            return None  # no gazetteer, as in most ingests
        entry = self._by_name.get(name_key(name))
        if entry is None and (key := names.name_key(name)):
            ids = self._by_key.get(key, set())
            entry = self.by_id[next(iter(ids))] if len(ids) == 1 else None
        return entry

    def __len__(self) -> int:
        return len(self.entries)


def load_gazetteer(path: str | Path) -> Gazetteer:
    """Read a gazetteer TOML file.

    Raises
    ------
    GazetteerError
        If the file is missing, not TOML, or an entry lacks a name or has an unknown kind.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer {path}: {exc.strerror or exc}") from None
    return parse_gazetteer(text, source=str(path))


def parse_gazetteer(text: str, source: str = "<gazetteer>") -> Gazetteer:
    """Parse gazetteer TOML: a list of ``[[actor]]`` tables.

    Raises
    ------
    GazetteerError
        If the text is not TOML, or an entry is malformed; the message names
        ``source`` and the entry's number.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{source} is not valid TOML: {exc}") from None
    gazetteer = Gazetteer()
    for number, table in enumerate(data.get("actor", []), start=1):
        gazetteer.add(_entry(table, f"{source}: [[actor]] #{number}"))
    return gazetteer


def _entry(table: object, where: str) -> GazetteerEntry:
    if not isinstance(table, dict):
        raise GazetteerError(f"{where} must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f'{where} needs a name, e.g. name = "Karim Massimov"')
    if not slugify(name):
        raise GazetteerError(
            f"{where}: name {name!r} has no letters or digits; write the actor's name,"
            ' e.g. name = "Karim Massimov"'
        )
    kind = table.get("kind", "person")
    if kind not in ACTOR_KINDS:
        raise GazetteerError(f"{where}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    aliases = _strings(table.get("aliases", []), f"{where}: aliases")
    for alias in aliases:
        if not slugify(alias):
            raise GazetteerError(f"{where}: alias {alias!r} has no letters or digits; remove it")
    accounts = []
    for account in _strings(table.get("accounts", []), f"{where}: accounts"):
        platform, sep, handle = account.partition(":")
        if not sep or not handle:
            raise GazetteerError(
                f'{where}: account {account!r} must be written platform:handle, e.g. "twitter:jack"'
            )
        accounts.append(account_id(platform, handle))
    sameas = table.get("sameas") or table.get("wikidata")
    if sameas is not None and not isinstance(sameas, str):
        raise GazetteerError(f"{where}: sameas must be an IRI string")
    if sameas and sameas.startswith("Q") and sameas[1:].isdigit():
        sameas = f"http://www.wikidata.org/entity/{sameas}"
    return GazetteerEntry(name.strip(), kind, tuple(aliases), tuple(accounts), sameas)


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GazetteerError(f"{where} must be a list of strings")
    return [v.strip() for v in value if v.strip()]


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Return the form names are compared in: NFC, case-folded, straight quotes.

    Examples
    --------
    >>> name_key("The  Khabar ")
    'khabar'
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'").casefold()
    return " ".join(text.split()).removeprefix("the ")
