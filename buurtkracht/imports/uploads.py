"""Keep an uploaded spreadsheet on the server between the preview and the confirmation.

The file goes into a private directory (``IMPORT_UPLOAD_DIR``, default ``var/imports``, mode 0700) under a
random name; a small JSON file next to it records who uploaded it for which network, when, and the name
the person gave it (shown only, never used as a path). Only the random token travels, in the session.
Loading checks token format, owner, network and age; stale files are removed at the next upload.
Confirming *claims* the file by renaming it, so a double click cannot import twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{24}$")
MAX_AGE_SECONDS = 2 * 60 * 60
SESSION_PREFIX = "imports.upload."


@dataclass(frozen=True)
class StoredUpload:
    token: str
    filename: str
    data: bytes


def upload_dir() -> Path:
    path = Path(getattr(settings, "IMPORT_UPLOAD_DIR", None) or Path(settings.VAR_DIR) / "imports")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def session_key(network) -> str:
    return f"{SESSION_PREFIX}{network.pk}"


def display_name(filename: str) -> str:
    """The base name of what the browser sent, for display only."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120] or "bestand"


def _paths(token: str) -> tuple[Path, Path, Path]:
    folder = upload_dir()
    return folder / f"{token}.data", folder / f"{token}.json", folder / f"{token}.claimed"


def store_upload(data: bytes, *, user, network, filename: str) -> str:
    purge_expired()
    token = secrets.token_urlsafe(18)
    data_path, meta_path, _ = _paths(token)
    meta = {
        "user_id": user.pk,
        "network_id": network.pk,
        "filename": display_name(filename),
        "created": time.time(),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _write_private(meta_path, json.dumps(meta).encode())
    _write_private(data_path, data)
    return token


def _write_private(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def _meta(token: str, *, user, network) -> dict | None:
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    _, meta_path, _ = _paths(token)
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user.pk or meta.get("network_id") != network.pk:
        return None
    if time.time() - float(meta.get("created", 0)) > MAX_AGE_SECONDS:
        return None
    return meta


def _read(path: Path, meta: dict, token: str) -> StoredUpload | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return StoredUpload(token=token, filename=meta.get("filename", ""), data=data)


def load_upload(token: str, *, user, network) -> StoredUpload | None:
    meta = _meta(token, user=user, network=network)
    if meta is None:
        return None
    data_path, _, _ = _paths(token)
    return _read(data_path, meta, token)


def claim_upload(token: str, *, user, network) -> StoredUpload | None:
    """Take the upload for importing; a second claim of the same token gets ``None``."""
    meta = _meta(token, user=user, network=network)
    if meta is None:
        return None
    data_path, _, claimed_path = _paths(token)
    try:
        os.rename(data_path, claimed_path)
    except OSError:
        return None
    upload = _read(claimed_path, meta, token)
    if upload is None:
        release_upload(token)
    return upload


def release_upload(token: str) -> None:
    """Give a claimed upload back (the import did not happen)."""
    data_path, _, claimed_path = _paths(token)
    with contextlib.suppress(OSError):
        os.rename(claimed_path, data_path)


def delete_upload(token: str) -> None:
    if not TOKEN_RE.match(token or ""):
        return
    for path in _paths(token):
        with contextlib.suppress(OSError):
            path.unlink()


def purge_expired(now: float | None = None) -> int:
    """Remove uploads older than :data:`MAX_AGE_SECONDS`. Returns how many files were removed."""
    now = time.time() if now is None else now
    removed = 0
    for path in upload_dir().iterdir():
        if path.suffix not in {".data", ".json", ".claimed"}:
            continue
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
