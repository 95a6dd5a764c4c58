"""The old addresses of WordPress attachment pages, kept as redirects resolved when a reader asks.

An attachment page (``/2019/05/03/judul/foto-1/``, ``/judul/foto-1/`` under the old
``/%postname%/`` permalinks, ``/?attachment_id=12``) showed one file. Here it goes to the
post or page the file belonged to while that is public, else to the photo's own file.
That answer changes with publication, so a stored row cannot hold it: each address is a
``Redirect`` to WordPress's own address by id (``/?attachment_id=N``, or ``/?p=<parent>``
for a file that is no photo), which ``articles.legacy.id_address_target`` resolves on
every request from ``Photo.wp_parent_id``. Redirect rows keep the one place where old
addresses live (the admin lists them, the fallback middleware serves them), and a re-run
writes the same rows again.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from pophariini.models import Page, Redirect

CHUNK = 500  # paths per query or insert


@dataclass
class _Attachment:
    post_id: int
    name: str
    link_path: str
    parent: int
    is_photo: bool


class AttachmentAddresses:
    """Collects attachments and their parents' addresses during an import; writes the redirects at its end."""

    def __init__(self):
        self._attachments: list[_Attachment] = []
        self._parent_paths: dict[int, str] = {}  # post id -> its path under /%postname%/

    def add_attachment(self, *, post_id: int, name: str, link: str, parent: int, is_photo: bool):
        self._attachments.append(
            _Attachment(
                post_id=post_id,
                name=unquote(name).strip("/"),
                link_path=_path(link),
                parent=0 if parent == post_id else parent,
                is_photo=is_photo,
            )
        )

    def add_parent(self, *, post_id: int, name: str, link: str = "", is_page: bool = False):
        """A post or page attachments may belong to: ``/<name>/``, or a page's own nested path."""
        path = _path(link)
        if is_page and path and "?" not in path:
            self._parent_paths[post_id] = path
        elif unquote(name).strip("/"):
            self._parent_paths[post_id] = f"/{unquote(name).strip('/')}/"

    def redirects(self) -> dict[str, str]:
        """Old address -> WordPress id address, for every attachment page an import can answer."""
        rows: dict[str, str] = {}
        for attachment in self._attachments:
            if attachment.is_photo:
                target = f"/?attachment_id={attachment.post_id}"
            elif attachment.parent:
                target = f"/?p={attachment.parent}"  # no photo was kept: only its post can answer
                rows[f"/?attachment_id={attachment.post_id}"] = target
            else:
                continue
            paths = [attachment.link_path]
            parent_path = self._parent_paths.get(attachment.parent)
            if parent_path and attachment.name:
                # WordPress links a numeric name through "attachment/", as /<post>/2/ is a page of the post.
                marker = "attachment/" if attachment.name.isdigit() else ""
                paths.append(f"{parent_path}{marker}{attachment.name}/")
            for path in paths:
                if path and "?" not in path and path != "/" and len(path) <= 500:
                    rows.setdefault(path, target)
        return rows

    def write(self) -> int:
        """Store the redirects; a path a post, a page or an editor's redirect already holds keeps it."""
        rows = self.redirects()
        paths = list(rows)
        written = 0
        for start in range(0, len(paths), CHUNK):
            chunk = paths[start : start + CHUNK]
            taken = set(Page.objects.filter(url__in=chunk).values_list("url", flat=True))
            # Rows an earlier import wrote for attachments point at an id address and are renewed.
            taken |= set(
                Redirect.objects.filter(old_path__in=chunk)
                .exclude(new_path__regex=r"^/\?(p|attachment_id)=[0-9]+$")
                .values_list("old_path", flat=True)
            )
            fresh = [Redirect(old_path=path, new_path=rows[path]) for path in chunk if path not in taken]
            Redirect.objects.bulk_create(
                fresh, update_conflicts=True, unique_fields=["old_path"], update_fields=["new_path"]
            )
            written += len(fresh)
        return written


def _path(link: str) -> str:
    if not link:
        return ""
    parts = urlsplit(link)
    path = unquote(parts.path or "/")
    return f"{path}?{parts.query}" if parts.query else path
