"""What an import did: the counts, missing files and warnings reported to the person running it."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    dry_run: bool = False
    posts: Counter = field(default_factory=Counter)  # published, scheduled, draft, review, private, password
    articles_created: int = 0
    articles_updated: int = 0
    pages: Counter = field(default_factory=Counter)  # published, unpublished
    photos_created: int = 0
    photos_updated: int = 0
    files_copied: int = 0
    missing_files: list[str] = field(default_factory=list)
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)  # by post type or reason
    authors_created: int = 0
    categories_created: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def never_public(self) -> int:
        return sum(self.posts[key] for key in ("draft", "review", "private", "password"))

    @property
    def total_posts(self) -> int:
        return sum(self.posts.values())
