"""Article URLs. The article pattern (``/<slug>/``) is last: every section prefix is reserved."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from articles import feeds, legacy, list_views, popular_views, views
from pophariini import popular

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("artikel/", list_views.ArticleListView.as_view(), name="article_list"),
    path("cari/", list_views.SearchView.as_view(), name="search"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("kategori/<slug:slug>/", list_views.CategoryDetailView.as_view(), name="category_detail"),
    path("kategori/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", list_views.TagDetailView.as_view(), name="tag_detail"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("penulis/<slug:slug>/", list_views.AuthorDetailView.as_view(), name="author_detail"),
    path("penulis/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("artis/<slug:slug>/feed/", feeds.ArtistFeed(), name="artist_feed"),
    path("arsip/<int:year>/", list_views.ArchiveView.as_view(), name="archive_year"),
    path("arsip/<int:year>/<int:month>/", list_views.ArchiveView.as_view(), name="archive_month"),
    path("ralat/", list_views.CorrectionListView.as_view(), name="correction_list"),
    path("terpopuler/", popular_views.MostReadView.as_view(), name="most_read"),
    path("terpopuler/baca/<int:pk>.gif", popular.count_read, name="read_beacon"),
    path("pratinjau/<int:pk>/", views.ArticlePreviewView.as_view(), name="article_preview"),
    # The old WordPress addresses answer with a permanent redirect.
    re_path(r"^(?P<prefix>(?:[-\w]+/)*)page/(?P<number>[0-9]{1,6})/$", legacy.wordpress_paged),
    re_path(
        r"^category/(?:[-\w]+/)*(?P<slug>[-\w]+)/feed/$",
        RedirectView.as_view(pattern_name="articles:category_feed", permanent=True),
    ),
    re_path(
        r"^category/(?:[-\w]+/)*(?P<slug>[-\w]+)/$",
        RedirectView.as_view(pattern_name="articles:category_detail", permanent=True, query_string=True),
    ),
    path("author/<slug:slug>/feed/", legacy.author, {"feed": True}),
    path("author/<slug:slug>/", legacy.author),
    re_path(r"^(?P<prefix>(?:[-\w]+/)*)feed/(?:rss2|rss|atom|rdf)/$", legacy.feed_alias),
    re_path(r"^wp-content/uploads/(?P<path>.+)$", legacy.upload),
    path("<slug:slug>/amp/", legacy.article_alias),
    path("<slug:slug>/feed/", legacy.article_alias),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
