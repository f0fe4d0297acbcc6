"""Translation catalogues without GNU gettext at run time.

``python -m buurtkracht.lib.i18n_tools compile`` turns every ``locale/*/LC_MESSAGES/django.po`` into a
``.mo`` with Babel (pure Python), so ``make run`` needs nothing but Python.

``python -m buurtkracht.lib.i18n_tools check`` proves the catalogues are complete: where GNU ``xgettext``
is installed (developers, CI) it first re-extracts every string from the code into a scratch copy and
fails on any string missing from a catalogue; then it fails on any Dutch entry that is empty or fuzzy.
English msgids are the source text, so an empty English msgstr means "same as the source".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "buurtkracht"
LANGUAGES = ("nl", "en")


def catalogue_dirs() -> list[Path]:
    """Every app directory that has (or should have) a ``locale/`` folder."""
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def compile_all() -> int:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    count = 0
    for po_path in PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        count += 1
    print(f"Compiled {count} translation catalogues.")
    return 0


def _entries(po_path: Path):
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        return read_po(handle)


def check() -> int:
    problems: list[str] = []
    if shutil.which("xgettext"):
        problems += _check_extraction()
    else:
        print("xgettext not found: skipping re-extraction, checking the committed catalogues only.")
    for app_dir in catalogue_dirs():
        nl = app_dir / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        if not nl.exists():
            continue
        for message in _entries(nl):
            if not message.id:
                continue
            label = message.id if isinstance(message.id, str) else message.id[0]
            if message.fuzzy:
                problems.append(f"{nl.relative_to(ROOT)}: fuzzy translation for {label!r}")
            strings = message.string if isinstance(message.string, tuple | list) else [message.string]
            if not all(strings):
                problems.append(f"{nl.relative_to(ROOT)}: no Dutch translation for {label!r}")
    for problem in problems:
        print(problem)
    print("Translation catalogues complete." if not problems else f"{len(problems)} translation problems.")
    return 1 if problems else 0


def _check_extraction() -> list[str]:
    """Extract strings into a scratch copy of each app and list those missing from its catalogues."""
    problems = []
    for app_dir in catalogue_dirs():
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / app_dir.name
            shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            (copy / "locale").mkdir(exist_ok=True)
            result = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "django",
                    "makemessages",
                    "-l",
                    "nl",
                    "-l",
                    "en",
                    "--no-obsolete",
                    "--no-location",
                    "-i",
                    "tests/*",
                ],
                cwd=copy,
                capture_output=True,
                text=True,
                env={
                    "DJANGO_SETTINGS_MODULE": "buurtkracht.settings",
                    "PYTHONPATH": str(ROOT),
                    "PATH": _path(),
                },
            )
            if result.returncode != 0:
                problems.append(f"makemessages failed in {app_dir.name}: {result.stderr.strip()[:500]}")
                continue
            for language in LANGUAGES:
                extracted = copy / "locale" / language / "LC_MESSAGES" / "django.po"
                committed = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
                if not extracted.exists():
                    continue
                wanted = {m.id for m in _entries(extracted) if m.id}
                have = {m.id for m in _entries(committed) if m.id} if committed.exists() else set()
                for missing in sorted(wanted - have, key=str):
                    problems.append(
                        f"{committed.relative_to(ROOT)}: string not in catalogue (run make messages): {missing!r}"
                    )
    return problems


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit(compile_all() if command == "compile" else check())
