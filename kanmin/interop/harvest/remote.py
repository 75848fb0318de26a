"""Read every public dataset of a remote CKAN site through ``package_search``, defensively.

Every request has a connect/read timeout and an overall deadline, every response a size cap, and
the whole listing a dataset cap. Anything that is not a CKAN answer (HTML pages, junk, errors)
becomes a :class:`~kanmin.core.errors.UserError` with a Japanese and an English sentence.
Nothing here writes to the database.
"""

import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import urllib3
from django.conf import settings

from kanmin.core.errors import UserError

USER_AGENT = "kanmin-harvester/0.1 (+https://github.com/kanmin)"


def limits() -> dict:
    """Tunable limits (Django settings ``KANMIN_HARVEST_*``)."""
    return {
        "timeout": float(getattr(settings, "KANMIN_HARVEST_TIMEOUT", 30)),
        "max_bytes": int(getattr(settings, "KANMIN_HARVEST_MAX_BYTES", 20 * 1024 * 1024)),
        "max_datasets": int(getattr(settings, "KANMIN_HARVEST_MAX_DATASETS", 5000)),
        "rows": int(getattr(settings, "KANMIN_HARVEST_ROWS", 100)),
    }


@dataclass
class Listing:
    packages: list = field(default_factory=list)
    complete: bool = True
    skipped: list = field(default_factory=list)  # [(label, ja, en)] entries that were not package dicts


def check_url(url: str) -> str:
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"URL「{url}」は http:// か https:// で始まるサイトの URL ではありません。",
            f"'{url}' is not an http:// or https:// site URL.",
            field="url",
        )
    return url.strip().rstrip("/")


class RemoteCatalog:
    def __init__(self, base_url: str, fq: str = "", *, session=None, **overrides):
        self.base = check_url(base_url)
        self.host = urlsplit(self.base).hostname
        self.fq = fq or ""
        self.limits = {**limits(), **overrides}
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    # --- one request -----------------------------------------------------------------------
    def _read(self, url: str, params: dict) -> bytes:
        timeout, max_bytes = self.limits["timeout"], self.limits["max_bytes"]
        deadline = time.monotonic() + timeout
        try:
            with self.session.get(url, params=params, timeout=(min(10.0, timeout), timeout), stream=True, allow_redirects=True) as resp:
                if resp.status_code >= 400:
                    raise UserError(
                        f"{self.host} が HTTP {resp.status_code} を返しました。URL が CKAN サイトを指しているか確認してください。",
                        f"{self.host} answered HTTP {resp.status_code}; check that the URL points at a CKAN site.",
                    )
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise self._too_big()
                chunks, size = [], 0
                for chunk in _chunks(resp):
                    size += len(chunk)
                    if size > max_bytes:
                        raise self._too_big()
                    if time.monotonic() > deadline:
                        raise self._timeout()
                    chunks.append(chunk)
                body = b"".join(chunks)
                self._check_type(resp.headers.get("Content-Type", ""), body)
                return body
        except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError):
            raise self._timeout() from None
        except requests.exceptions.TooManyRedirects:
            raise UserError(f"{self.host} のリダイレクトが多すぎます。", f"Too many redirects from {self.host}.") from None
        except requests.exceptions.ConnectionError as exc:
            raise UserError(
                f"{self.host} に接続できませんでした。URL とネットワークを確認してください。",
                f"Could not connect to {self.host}; check the URL and the network.",
            ) from exc
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
            raise UserError(
                f"{self.host} との通信に失敗しました（{type(exc).__name__}）。",
                f"Talking to {self.host} failed ({type(exc).__name__}).",
            ) from exc

    def _too_big(self):
        mb = self.limits["max_bytes"] / 1024 / 1024
        return UserError(
            f"{self.host} の応答が大きすぎます（上限 {mb:.0f} MB）。取り込みを中止しました。",
            f"The answer from {self.host} is too large (limit {mb:.0f} MB); harvest stopped.",
        )

    def _timeout(self):
        return UserError(
            f"{self.host} が {self.limits['timeout']:.0f} 秒以内に応答を返し終えませんでした。",
            f"{self.host} did not finish answering within {self.limits['timeout']:.0f} seconds.",
        )

    def _not_ckan(self, what_ja: str, what_en: str):
        return UserError(
            f"{self.host} の応答は CKAN API の JSON ではありません（{what_ja}）。URL が CKAN サイトのトップを指しているか確認してください。",
            f"The answer from {self.host} is not CKAN API JSON ({what_en}); check that the URL is the CKAN site's root.",
        )

    def _check_type(self, content_type: str, body: bytes) -> None:
        head = body[:200].lstrip().lower()
        if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
            raise self._not_ckan("HTML ページが返されました", "an HTML page came back")

    def action(self, name: str, params: dict) -> object:
        body = self._read(f"{self.base}/api/3/action/{name}", params)
        try:
            envelope = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self._not_ckan("JSON として読めません", "it cannot be read as JSON") from None
        if not isinstance(envelope, dict) or "success" not in envelope:
            raise self._not_ckan("success 項目がありません", "there is no 'success' member")
        if envelope.get("success") is not True:
            err = envelope.get("error") if isinstance(envelope.get("error"), dict) else {}
            text = str(err.get("message") or err.get("__type") or "")[:200]
            raise UserError(
                f"{self.host} が API エラーを返しました：{text}",
                f"{self.host} returned an API error: {text}",
            )
        return envelope.get("result")

    # --- the whole listing -----------------------------------------------------------------
    def list_packages(self, progress=None) -> Listing:
        rows, cap = self.limits["rows"], self.limits["max_datasets"]
        listing, seen, start, expected = Listing(), set(), 0, None
        while True:
            params = {"rows": rows, "start": start, "sort": "metadata_created asc"}
            if self.fq:
                params["fq"] = self.fq
            result = self.action("package_search", params)
            if not isinstance(result, dict) or not isinstance(result.get("results"), list) or not isinstance(result.get("count"), int):
                raise self._not_ckan("package_search の結果の形が違います", "package_search returned an unexpected shape")
            if expected is None:
                expected = result["count"]
                if expected > cap:
                    raise UserError(
                        f"リモートのデータセットが {expected} 件あり、上限 {cap} 件を超えています。fq で絞り込んでください。",
                        f"The remote site has {expected} datasets, more than the limit of {cap}; narrow it with fq.",
                    )
            page = result["results"]
            for item in page:
                if not _is_package(item):
                    label = str(item.get("name") if isinstance(item, dict) else item)[:80]
                    listing.skipped.append((label, "データセットとして読めない項目です。", "Not a readable dataset entry."))
                    continue
                if item["id"] in seen:
                    continue
                seen.add(item["id"])
                listing.packages.append(item)
            start += len(page)
            if progress:
                progress(0, expected)
            if not page or start >= expected:
                break
            if start > cap:
                raise UserError(
                    f"リモートのデータセットが上限 {cap} 件を超えました。",
                    f"The remote site returned more than {cap} datasets.",
                )
        listing.complete = len(seen) + len(listing.skipped) >= (expected or 0)
        return listing


def _chunks(resp, size: int = 64 * 1024):
    """Body pieces as they arrive (one socket read each), so a server that drips bytes slowly is
    caught by the overall deadline instead of blocking until a full buffer fills."""
    read1 = getattr(resp.raw, "read1", None)
    if read1 is None:  # urllib3 1.x
        yield from resp.iter_content(1024)
        return
    while True:
        chunk = read1(size, decode_content=True)
        if not chunk:
            return
        yield chunk


def _is_package(item) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), str) and 0 < len(item["id"]) <= 100
        and isinstance(item.get("name"), str) and 0 < len(item["name"]) <= 200
        and isinstance(item.get("resources", []), list)
        and isinstance(item.get("tags", []), list)
    )
