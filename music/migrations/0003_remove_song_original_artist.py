# A migration of its own: the copy in 0002 commits before the column goes (PostgreSQL
# refuses to alter a table with deferred constraint checks pending in the same transaction).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("music", "0002_song_original_artists"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="song",
            name="original_artist",
        ),
    ]
