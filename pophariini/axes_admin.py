"""django-axes' lists of login attempts and failures: its cleanup action working, all in Indonesian."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pophariini.admin_display import boolean_icon


class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=_("Bersihkan percobaan masuk yang sudah kedaluwarsa"))
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes 8.3 reads request.axes_attempt_time, which only its login handling sets,
        # so its own action crashed with a 500 (jazzband/django-axes#1424). None means "now".
        request.axes_attempt_time = None
        count = self.handler.clean_expired_user_attempts(request=request)
        message = ngettext(
            "%(count)d percobaan masuk kedaluwarsa dibersihkan.",
            "%(count)d percobaan masuk kedaluwarsa dibersihkan.",
            count,
        )
        self.message_user(request, message % {"count": count})


class LoginFailureAdmin(AccessFailureLogAdmin):
    list_display = [
        "locked_out_icon" if name == "locked_out" else name for name in AccessFailureLogAdmin.list_display
    ]

    @admin.display(
        description=AccessFailureLog._meta.get_field("locked_out").verbose_name, ordering="locked_out"
    )
    def locked_out_icon(self, failure):
        # Django's own column would label its icon "True" (see boolean_icon()).
        return boolean_icon(failure.locked_out)


# axes registers its admins only with AXES_ENABLE_ADMIN (on by default).
for model, model_admin in ((AccessAttempt, LoginAttemptAdmin), (AccessFailureLog, LoginFailureAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
