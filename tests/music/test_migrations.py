"""The move from one original artist to a list of them keeps every song's artist, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ONE_ARTIST = [("music", "0001_initial")]
ARTIST_LIST = [("music", "0003_remove_song_original_artist")]


def migrate(targets):
    """Migrate to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_song_keeps_its_original_artist_through_the_migration_and_back():
    try:
        old = migrate(ONE_ARTIST)
        Artist, Song = old.get_model("music", "Artist"), old.get_model("music", "Song")
        mocca = Artist.objects.create(name="Mocca", slug="mocca")
        Song.objects.create(title="I Remember", slug="i-remember", original_artist=mocca)
        Song.objects.create(title="Tanpa Artis", slug="tanpa-artis")

        new = migrate(ARTIST_LIST)
        Artist, Song = new.get_model("music", "Artist"), new.get_model("music", "Song")
        originals = {song.slug: [a.name for a in song.original_artists.all()] for song in Song.objects.all()}
        assert originals == {"i-remember": ["Mocca"], "tanpa-artis": []}
        # A duet gets its second singer after the move; going back keeps the one added first.
        Song.objects.get(slug="i-remember").original_artists.add(
            Artist.objects.create(name="Arina", slug="arina")
        )

        old = migrate(ONE_ARTIST)
        Song = old.get_model("music", "Song")
        back = dict(Song.objects.values_list("slug", "original_artist__name"))
        assert back == {"i-remember": "Mocca", "tanpa-artis": None}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
