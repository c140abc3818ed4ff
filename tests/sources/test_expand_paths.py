"""Tests for claimgraph.sources.files: files, directories, globs and missing paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimgraph.sources import Skipped, expand_paths

CORPUS_FILES = [
    "a-note.txt",
    "b-readme.md",
    "c-article.html",
    "d-empty.txt",
    "e-image.png",
    "feeds/news.xml",
    "feeds/steppe.atom",
    "ru/cp1251.txt",
    "ru/utf16.txt",
]


def relative(items, root: Path) -> list[str]:
    return [Path(item).relative_to(root).as_posix() for item in items]


def test_directory_is_walked_sorted_without_hidden_files(corpus: Path) -> None:
    items = list(expand_paths([corpus]))
    assert all(isinstance(item, Path) for item in items)
    assert relative(items, corpus) == CORPUS_FILES


def test_hidden_file_named_explicitly_is_read(corpus: Path) -> None:
    assert list(expand_paths([corpus / ".hidden.txt"])) == [corpus / ".hidden.txt"]


def test_single_path_is_accepted(corpus: Path) -> None:
    assert list(expand_paths(corpus / "a-note.txt")) == [corpus / "a-note.txt"]


def test_glob_pattern(corpus: Path) -> None:
    items = list(expand_paths([f"{corpus}/*.txt"]))
    assert relative(items, corpus) == ["a-note.txt", "d-empty.txt"]


def test_recursive_glob_skips_hidden_and_duplicates(corpus: Path) -> None:
    items = list(expand_paths([f"{corpus}/**", f"{corpus}/**/*.txt"]))
    assert relative(items, corpus) == CORPUS_FILES


def test_relative_paths_stay_relative(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    assert list(expand_paths(["ru", "feeds/*.xml"])) == [
        Path("ru/cp1251.txt"), Path("ru/utf16.txt"), Path("feeds/news.xml"),
    ]  # fmt: skip


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    (item,) = expand_paths([missing])
    assert isinstance(item, Skipped)
    assert item.source == os.fspath(missing)
    assert item.reason.startswith("no such file or directory; check the path")


def test_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = f"{tmp_path}/*.html"
    assert list(expand_paths([pattern])) == [
        Skipped(
            pattern,
            "no file matches the pattern; check it, and quote it so the shell does not expand it",
        )
    ]


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (item,) = expand_paths([tmp_path / "empty"])
    assert isinstance(item, Skipped) and "no files" in item.reason


def test_good_paths_around_bad_ones_are_kept(corpus: Path) -> None:
    items = list(expand_paths([corpus / "a-note.txt", corpus / "gone.txt", corpus / "ru"]))
    assert [isinstance(item, Path) for item in items] == [True, False, True, True]
    assert isinstance(items[1], Skipped) and items[1].source == os.fspath(corpus / "gone.txt")
