"""A song's original artists become a list (a duet has two); each song keeps the artist it had."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_original_artist_into_list(apps, schema_editor):
    """Every song with an original artist gets that artist as its one original artist."""
    Song = apps.get_model("music", "Song")
    OriginalArtist = Song.original_artists.through
    using = schema_editor.connection.alias
    pairs = (
        Song.objects.using(using)
        .filter(original_artist__isnull=False)
        .values_list("pk", "original_artist_id")
    )
    OriginalArtist.objects.using(using).bulk_create(
        [OriginalArtist(song_id=song_id, artist_id=artist_id) for song_id, artist_id in pairs.iterator()],
        batch_size=1000,
    )


def copy_first_original_artist_back(apps, schema_editor):
    """Each song gets back the first of its original artists (the one added first); the others are lost."""
    Song = apps.get_model("music", "Song")
    OriginalArtist = Song.original_artists.through
    using = schema_editor.connection.alias
    first = (
        OriginalArtist.objects.using(using).filter(song=OuterRef("pk")).order_by("pk").values("artist_id")[:1]
    )
    Song.objects.using(using).update(original_artist_id=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("music", "0001_initial"),
    ]

    operations = [
        # The reverse name passes to the new field; no column changes.
        migrations.AlterField(
            model_name="song",
            name="original_artist",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.SET_NULL,
                related_name="+",
                to="music.artist",
                verbose_name="artis asli",
            ),
        ),
        migrations.AddField(
            model_name="song",
            name="original_artists",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Yang pertama membawakannya (untuk duet, pilih keduanya); rekaman yang tidak dibawakan "
                    "satu pun dari mereka dihitung sebagai cover."
                ),
                related_name="original_songs",
                to="music.artist",
                verbose_name="artis asli",
            ),
        ),
        migrations.RunPython(copy_original_artist_into_list, copy_first_original_artist_back),
    ]
