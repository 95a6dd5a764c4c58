"""Moving the old WordPress site over: read a WXR export, convert its posts, import them."""

from articles.wordpress.importer import import_wxr
from articles.wordpress.summary import ImportSummary
from articles.wordpress.wxr import WxrError

__all__ = ["ImportSummary", "WxrError", "import_wxr"]
