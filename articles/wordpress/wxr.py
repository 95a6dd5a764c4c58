"""Reading a WordPress export (WXR): a streaming reader that refuses DOCTYPEs and entities."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

CHUNK_SIZE = 64 * 1024


class WxrError(Exception):
    """The file cannot be imported; the message is one line meant for the person running the import."""


class WxrUnsafeError(WxrError):
    """The file declares a DOCTYPE or entities (billion laughs, external entities) and is refused."""


@dataclass
class WxrItem:
    """One ``<item>``: a post, page, attachment, menu item or any other post type."""

    post_id: int = 0
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified_gmt: str = ""
    password: str = ""
    is_sticky: bool = False
    parent: int = 0
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    comments: int = 0


_ITEM_TEXT_FIELDS = {
    "title": "title",
    "link": "link",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "post_name",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:post_modified_gmt": "post_modified_gmt",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
_WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/(excerpt/)?$")
_KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WxrReader:
    """Streams records out of a WXR file without ever holding more than one item in memory.

    Yields ``("author" | "category" | "tag", dict)`` for the channel's lists and
    ``("item", WxrItem)`` for each item. Any DOCTYPE is refused before its internal
    subset is read, so entity bombs and external entities never get expanded or fetched.
    """

    def __init__(self, path: Path, *, on_progress: Callable[[int, int], None] | None = None):
        self.path = Path(path)
        self.on_progress = on_progress
        self.channel: dict[str, str] = {}
        self._records: deque[tuple[str, Any]] = deque()
        self._stack: list[str] = []
        self._text: list[str] = []
        self._item: WxrItem | None = None
        self._term: dict[str, str] | None = None
        self._meta_pair: dict[str, str] = {}
        self._category_attrs: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = CHUNK_SIZE
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_external
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text.append
        total = self.path.stat().st_size
        done = 0
        with self.path.open("rb") as stream:
            while True:
                chunk = stream.read(CHUNK_SIZE)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    reason = expat.ErrorString(exc.code)
                    raise WxrError(
                        f"XML rusak di baris {exc.lineno}, kolom {exc.offset + 1}: {reason}"
                    ) from None
                while self._records:
                    yield self._records.popleft()
                done += len(chunk)
                if self.on_progress:
                    self.on_progress(done, total)
                if not chunk:
                    break
        if "wp:wxr_version" not in self.channel:
            raise WxrError("Ini bukan berkas ekspor WordPress (WXR): tidak ada <wp:wxr_version>.")

    # expat handlers

    def _refuse_doctype(self, name, *args):
        raise WxrUnsafeError(
            f"Berkas ditolak: berisi deklarasi DOCTYPE ({name}). Ekspor WordPress tidak memakainya; "
            "DOCTYPE bisa memuat entitas berbahaya (billion laughs, entitas eksternal)."
        )

    def _refuse_entity(self, name, *args):
        raise WxrUnsafeError(f"Berkas ditolak: berisi deklarasi entitas ({name}).")

    def _refuse_external(self, *args):
        raise WxrUnsafeError("Berkas ditolak: merujuk entitas eksternal.")

    def _name(self, raw: str) -> str:
        """``"<namespace uri> local"`` → ``"wp:local"``, whichever WXR version or scheme the file uses."""
        name = self._names.get(raw)
        if name is None:
            uri, _, local = raw.rpartition(" ")
            if not uri:
                name = local
            elif match := _WXR_NAMESPACE_RE.match(uri):
                name = f"{'excerpt' if match.group(1) else 'wp'}:{local}"
            else:
                name = f"{_KNOWN_NAMESPACES.get(uri, uri)}:{local}"
            self._names[raw] = name
        return name

    def _start(self, raw_name, attrs):
        name = self._name(raw_name)
        depth = len(self._stack)
        if depth == 0 and name != "rss":
            raise WxrError(f"Ini bukan berkas ekspor WordPress (WXR): elemen akar <{name}>, bukan <rss>.")
        self._stack.append(name)
        self._text.clear()
        if depth == 2 and name == "item":
            if "wp:wxr_version" not in self.channel:
                raise WxrError("Ini bukan berkas ekspor WordPress (WXR): tidak ada <wp:wxr_version>.")
            self._item = WxrItem()
        elif depth == 2 and name in ("wp:author", "wp:category", "wp:tag", "wp:term"):
            self._term = {}
        elif depth == 3 and self._item is not None:
            if name == "category":
                self._category_attrs = {self._name(k): v for k, v in attrs.items()}
            elif name == "wp:postmeta":
                self._meta_pair = {}
            elif name == "wp:comment":
                self._item.comments += 1

    def _end(self, raw_name):
        name = self._stack.pop()
        depth = len(self._stack)
        text = "".join(self._text)
        self._text.clear()
        item = self._item
        if depth == 2:
            if name == "item":
                self._records.append(("item", item))
                self._item = None
            elif self._term is not None:
                self._records.append((name.removeprefix("wp:"), self._term))
                self._term = None
            else:
                self.channel[name] = text.strip()
        elif depth == 3 and self._term is not None:
            self._term[name.removeprefix("wp:")] = text.strip()
        elif depth == 3 and item is not None:
            self._item_field(item, name, text)
        elif depth == 4 and item is not None and self._stack[-1] == "wp:postmeta":
            self._meta_pair[name] = text

    def _item_field(self, item: WxrItem, name: str, text: str):
        attribute = _ITEM_TEXT_FIELDS.get(name)
        if attribute:
            setattr(item, attribute, text if attribute in ("content", "excerpt") else text.strip())
        elif name == "wp:post_id":
            item.post_id = int(text.strip() or 0) if text.strip().isdigit() else 0
        elif name == "wp:post_parent":
            item.parent = int(text.strip()) if text.strip().isdigit() else 0
        elif name == "wp:is_sticky":
            item.is_sticky = text.strip() == "1"
        elif name == "category":
            attrs = self._category_attrs
            item.terms.append((attrs.get("domain", ""), attrs.get("nicename", ""), text.strip()))
        elif name == "wp:postmeta":
            key = self._meta_pair.get("wp:meta_key", "").strip()
            if key:
                item.meta[key] = self._meta_pair.get("wp:meta_value", "")
