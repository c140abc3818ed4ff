"""Every ``claimgraph`` command in README.md runs, as written, and exits 0.

Like sqlite-utils' documentation tests: the README's ``sh`` code blocks are
parsed into commands, and each ``claimgraph`` command runs in README order,
as a real process, in a folder holding ``examples/`` and small made-up
inputs for the file names the README uses (``articles/``, ``feeds/*.xml``,
``actors.toml``, ``tweets.jsonl``, ...). A command that needs something a
test cannot have is listed in :data:`SKIPPED` with the reason; the commands
that use Neo4j run against the test suite's own server.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest

from claimgraph.cli import cli
from tests.sources.conftest import ARTICLE_HTML, RSS_FEED

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: A command that hangs is a failure, not a stuck test run.
TIMEOUT = 300

#: What a command needs that a test cannot have, by a fragment of its text.
SKIPPED = {
    "--fetch": "needs the network (--fetch reads a URL of example.org)",
    "path/to/polnear-dev": "needs the PolNeAR corpus; path/to/polnear-dev is a placeholder",
    "spark://host": "needs a Spark cluster; spark://host:7077 is a placeholder",
    "--spark-master yarn": "needs a YARN cluster",
}


@dataclass(frozen=True)
class Command:
    """One command of the README: its text, its arguments, the environment its block set."""

    text: str
    argv: tuple[str, ...]
    line: int
    env: tuple[tuple[str, str], ...] = field(default=())

    @property
    def uses_neo4j(self) -> bool:
        env = dict(self.env)
        return env.get("CLAIMGRAPH_STORE") == "neo4j" or "neo4j" in _option_values(self.argv)

    @property
    def skip_reason(self) -> str | None:
        return next((why for frag, why in SKIPPED.items() if frag in self.text), None)


def _option_values(argv: tuple[str, ...]) -> set[str]:
    return {value for flag, value in zip(argv, argv[1:], strict=False) if flag.startswith("--")}


def readme_commands(text: str) -> list[Command]:
    """Return the ``claimgraph`` commands of ``text``'s ``sh`` blocks, in order.

    A command continues over lines ending in ``\\`` and over quoted newlines;
    ``#`` starts a comment outside quotes. ``export NAME=VALUE`` lines set
    the environment of the commands after them in the same block.
    """
    commands = []
    for start, block in _sh_blocks(text):
        env: dict[str, str] = {}
        for line, command in _split_commands(block, start):
            argv = shlex.split(command, comments=True)
            if argv[:1] == ["export"]:
                env.update(_assignments(argv[1:]))
            elif argv[:1] == ["claimgraph"]:
                commands.append(Command(command, tuple(argv[1:]), line, tuple(env.items())))
    return commands


def _sh_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    lines = text.splitlines()
    inside, start, block = False, 0, []
    for number, line in enumerate(lines, 1):
        if not inside and line.strip() == "```sh":
            inside, start, block = True, number + 1, []
        elif inside and line.strip() == "```":
            inside = False
            yield start, block
        elif inside:
            block.append(line)


def _split_commands(block: list[str], first_line: int) -> Iterator[tuple[int, str]]:
    pending: list[str] = []
    start = first_line
    for offset, line in enumerate(block):
        if not pending:
            start = first_line + offset
        pending.append(line)
        joined = "\n".join(pending)
        if joined.rstrip().endswith("\\"):
            continue
        try:
            shlex.split(joined, comments=True)
        except ValueError:  # a quote still open: the command goes on
            continue
        if joined.strip():
            yield start, joined.replace("\\\n", " ")
        pending = []
    assert not pending, f"README line {start}: a command never ends"


def _assignments(words: list[str]) -> dict[str, str]:
    found = {}
    for word in words:
        name, _, value = word.partition("=")
        found[name] = value
    return found


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def _ids(command: Command) -> str:
    return f"line{command.line}-" + "-".join(command.argv[:2])


# -- fast: every command parses -------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_readme_command_parses(
    command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every README command names a real command, with options that exist and values they take."""
    monkeypatch.chdir(tmp_path)
    _touch_paths(command.argv)  # options that want an existing file or folder find one
    argv = list(command.argv)
    group: click.Command = cli
    parent = cli.make_context("claimgraph", [], resilient_parsing=True)
    while isinstance(group, click.Group):
        name = argv.pop(0)
        sub = group.get_command(parent, name)
        assert sub is not None, f"README line {command.line}: no command {name!r}"
        if isinstance(sub, click.Group):
            parent = sub.make_context(name, [], parent=parent, resilient_parsing=True)
        group = sub
    with group.make_context(command.argv[0], argv, parent=parent):
        pass


def _touch_paths(argv: tuple[str, ...]) -> None:
    for word in argv:
        if word.startswith("-") or re.search(r"[\s=:*'$]", word) or not re.search(r"[./]", word):
            continue
        path = Path(word)
        if word.endswith("/") or not path.suffix:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()


def test_the_readme_has_commands_of_every_kind() -> None:
    first = {command.argv[0] for command in COMMANDS}
    assert {"ingest", "query", "stats", "export", "import", "copy", "sparql", "analyze"} <= first
    assert len(COMMANDS) > 30


# -- slow: every command runs ----------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding ``examples/`` and an input for every file name the README uses."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(ROOT / "examples", folder / "articles")
    shutil.copy(ROOT / "tests" / "data" / "ru" / "actors.toml", folder / "actors.toml")
    (folder / "feeds").mkdir()
    (folder / "feeds" / "central-asia.xml").write_text(RSS_FEED, encoding="utf-8")
    (folder / "posts").mkdir()
    (folder / "posts" / "hashtag.html").write_text(ARTICLE_HTML, encoding="utf-8")
    _write_posts(folder)
    return folder


def _write_posts(folder: Path) -> None:
    """Write the post files of the README's ingest examples: a few accounts that co-act."""
    tweets, rows, toots = [], ["post_id,user,body,created,rt_of,links"], []
    for n, user in enumerate(["almiri", "samsonino", "aidos", "zhanna"]):
        minute = f"2016-08-10T09:{n:02d}:00Z"
        text = f"#25летнезависимости devaluation {n} https://news.example/a"
        tweets.append(
            {
                "id_str": str(1000 + n),
                "full_text": text,
                "user": {"id_str": str(n), "screen_name": user},
                "created_at": f"Wed Aug 10 09:{n:02d}:00 +0000 2016",
                "entities": {
                    "hashtags": [{"text": "25летнезависимости"}],
                    "user_mentions": [],
                    "urls": [{"expanded_url": "https://news.example/a"}],
                },
            }
        )
        rows.append(f"{n + 1},{user},{text},{minute},{'1' if n else ''},https://news.example/a")
        toots.append(
            {"id": str(n + 1), "account": {"acct": user}, "content": text, "created_at": minute}
        )
    (folder / "tweets.jsonl").write_text(
        "\n".join(json.dumps(t, ensure_ascii=False) for t in tweets) + "\n", encoding="utf-8"
    )
    (folder / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "export.jsonl").write_text(
        "\n".join(json.dumps(t, ensure_ascii=False) for t in toots) + "\n", encoding="utf-8"
    )
    messages = [
        {"id": i, "type": "message", "date": f"2016-08-10T09:0{i}:00", "from": "News",
         "from_id": "channel42", "text": f"Тәуелсіздікке 25 жыл #25летнезависимости {i}"}
        for i in range(1, 4)
    ]  # fmt: skip
    telegram = {"name": "News", "type": "public_channel", "id": 42, "messages": messages}
    (folder / "result.json").write_text(json.dumps(telegram, ensure_ascii=False), encoding="utf-8")


def _environment(command: Command, neo4j_uri: str, home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAIMGRAPH_", "NEO4J_"))
    }
    env.update(HOME=str(home), COLUMNS="200", NO_COLOR="1")
    env.update(command.env)
    # the README's Neo4j is docker's, on localhost; the tests have their own server
    env["CLAIMGRAPH_NEO4J_URI"] = neo4j_uri
    for name in ("CLAIMGRAPH_NEO4J_USER", "CLAIMGRAPH_NEO4J_PASSWORD"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def readme_neo4j(neo4j_uri: str) -> str:
    """Return the test server's URI, emptied for the README's commands."""
    import neo4j

    with neo4j.GraphDatabase.driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_uri


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_readme_command_runs(command: Command, workspace: Path, readme_neo4j: str) -> None:
    """Run one README command in the shared folder, after the commands above it."""
    reason = command.skip_reason
    if reason is not None:
        pytest.skip(f"README line {command.line}: {reason}")
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", *command.argv],
        cwd=workspace,
        env=_environment(command, readme_neo4j, workspace),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, (
        f"README line {command.line}: {command.text}\nexit {done.returncode}\n{done.stderr[-3000:]}"
    )
    assert "Traceback" not in done.stderr


def test_commands_are_split_as_a_shell_would() -> None:
    text = (
        "```sh\n"
        "claimgraph query 'MATCH (n)\n   RETURN n' \\\n   --param a=b   # a comment\n"
        "export CLAIMGRAPH_STORE=neo4j X=1 \\\n  Y=2\n"
        "claimgraph stats\n"
        "make demo\n"
        "```\n"
    )
    first, second = readme_commands(text)
    assert first.argv == ("query", "MATCH (n)\n   RETURN n", "--param", "a=b")
    assert first.line == 2 and not first.uses_neo4j
    assert second.argv == ("stats",) and dict(second.env)["Y"] == "2" and second.uses_neo4j
