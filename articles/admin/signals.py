"""Signal receivers of the articles admin, kept together in this one module."""

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Revision, Version

from articles.models import Correction


@receiver(pre_delete, sender=Correction, dispatch_uid="correction_kept_in_history")
def keep_deleted_correction_in_history(sender, instance, **kwargs):
    """A correction leaves the page only with its last text stored in the revision history.

    Written as its own revision right away: a version added to the surrounding admin
    revision would be dropped by django-reversion, which saves only rows that still exist.
    """
    revision = Revision.objects.create(
        date_created=timezone.now(),
        comment=gettext("Ralat dihapus: %(text)s") % {"text": instance.text[:200]},
    )
    Version.objects.create(
        revision=revision,
        object_id=str(instance.pk),
        content_type=ContentType.objects.get_for_model(Correction),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [instance]),
        object_repr=str(instance)[:191],
    )
