"""Search reads a stored text (and, on PostgreSQL, a stored tsvector with a GIN index).

``search_text`` holds title, linked artist names, tag names, dek and body text, one per
line; the app keeps it current (``Article.save()``, ``articles.search.refresh_search_text``).
On PostgreSQL only, a trigger turns it into ``search_vector`` (``indonesian`` configuration,
weights A A B B C by line) on every insert or change of ``search_text``, and
``article_search_gin`` indexes that vector. SQLite keeps the column empty and searches
``search_text`` with LIKE.
"""

import html
import re

import django.contrib.postgres.search
from django.db import migrations, models

BATCH = 2000
TAG_RE = re.compile(r"<[^>]*>")
PLACEHOLDER_RE = re.compile(r"\[foto\s+(\d{1,5})\]", re.IGNORECASE)

TRIGGER_SQL = r"""
CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('indonesian'::regconfig,
            split_part(NEW.search_text, E'\n', 1) || ' ' || split_part(NEW.search_text, E'\n', 2)), 'A')
        || setweight(to_tsvector('indonesian'::regconfig,
            split_part(NEW.search_text, E'\n', 3) || ' ' || split_part(NEW.search_text, E'\n', 4)), 'B')
        || setweight(to_tsvector('indonesian'::regconfig, split_part(NEW.search_text, E'\n', 5)), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF search_text ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""
DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def _plain(text):
    return " ".join(html.unescape(TAG_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text or ""))).split())


def _gin_index():
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(fields=["search_vector"], name="article_search_gin")


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    ArticleArtists = Article.artists.through
    postgres = connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(TRIGGER_SQL)
    ops = connection.ops
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(
        *(ops.quote_name(name) for name in (Article._meta.db_table, "search_text", "id"))
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        tags, artists = {}, {}
        for pk, name in TaggedArticle.objects.filter(content_object_id__in=chunk).values_list(
            "content_object_id", "tag__name"
        ):
            tags.setdefault(pk, []).append(name)
        for pk, name in ArticleArtists.objects.filter(article_id__in=chunk).values_list(
            "article_id", "artist__name"
        ):
            artists.setdefault(pk, []).append(name)
        rows = []
        for pk, title, dek, body in Article.objects.filter(pk__in=chunk).values_list(
            "pk", "title", "dek", "body"
        ):
            lines = [
                title,
                " ".join(sorted(artists.get(pk, ()))),
                " ".join(sorted(tags.get(pk, ()))),
                dek,
                body,
            ]
            rows.append(("\n".join(_plain(line) for line in lines), pk))
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    if postgres:
        # Built after the fill: one pass instead of 100,000 index updates.
        schema_editor.add_index(Article, _gin_index())
        # Statistics for the new column: without them the planner takes every query for a
        # rare one (2 rows) and joins before ranking, three times slower on a common word.
        schema_editor.execute("ANALYZE articles_article")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _gin_index())
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_newsroom_formats"),
        ("music", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
