"""django-axes' list of login attempts, with its cleanup action working and speaking Indonesian."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


# axes registers its admins only with AXES_ENABLE_ADMIN (on by default).
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LoginAttemptAdmin)
