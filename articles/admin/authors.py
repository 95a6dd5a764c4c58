"""Authors and rubrics: the lists every article is filed under, and the account chooser of a byline."""

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Author, Category
from pophariini.admin_display import ReadOnlyIconsMixin, boolean_icon, thumbnail
from pophariini.chooser import PhotoChooserMixin


@admin.register(Author)
class AuthorAdmin(PhotoChooserMixin, admin.ModelAdmin):
    """Bylines. Editors manage every profile and link it to an account; a Kontributor creates and
    keeps up their own profile (from the "+" beside the byline chooser), linked to them."""

    list_display = ["preview", "name", "tagline", "user"]
    list_display_links = ["preview", "name"]
    search_fields = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "tagline", "bio", "photo", "user"]

    @admin.display(description=_("foto"))
    def preview(self, obj):
        return thumbnail(obj.photo, size=48)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "user")

    @staticmethod
    def may_link_accounts(request):
        """Whether the form shows "Akun pengguna" (and its chooser may list accounts)."""
        return workflow.can_publish(request.user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.may_link_accounts(request):
            return fields
        return [name for name in fields if name != "user"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not self.may_link_accounts(request):
            # A writer's own profile: start from the name on their account.
            initial.setdefault("name", request.user.get_full_name() or request.user.get_username())
        return initial

    def has_add_permission(self, request):
        return workflow.can_add_author(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_change_author(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change and not self.may_link_accounts(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)


User = get_user_model()


class AccountAdmin(UserAdmin):
    """Django's user admin, whose autocomplete also serves the author form's "Akun pengguna" chooser.

    The chooser asks this admin for view permission; whoever may link an author to an account gets it
    for that request only, without the right to browse the accounts themselves.
    """

    list_display = ["username", "email", "first_name", "last_name", "staff"]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._choosing_an_author_account(request)

    def _choosing_an_author_account(self, request):
        match = request.resolver_match
        chooser = (request.GET.get("app_label"), request.GET.get("model_name"), request.GET.get("field_name"))
        return (
            match is not None
            and match.url_name == "autocomplete"
            and chooser == ("articles", "author", "user")
            and AuthorAdmin.may_link_accounts(request)
        )

    @admin.display(description=User._meta.get_field("is_staff").verbose_name, ordering="is_staff")
    def staff(self, user):
        # Django's own column would label its icon "True" (see boolean_icon()).
        return boolean_icon(user.is_staff)


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)


@admin.register(Category)
class CategoryAdmin(ReadOnlyIconsMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_on_home"]
    list_editable = ["position", "show_on_home"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    read_only_icons = {"show_on_home": "on_home"}

    def get_list_display(self, request):
        if self.has_change_permission(request) and IS_POPUP_VAR not in request.GET:
            return self.list_display  # a check box to tick
        # Read only (the chooser pop-up has no editable columns either): an icon labelled in
        # the admin's language (see boolean_icon()).
        return self.as_icons(self.list_display)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return self.as_icons(fields)
        return fields

    @admin.display(description=_("tampil di beranda"), ordering="show_on_home")
    def on_home(self, category):
        return boolean_icon(category.show_on_home)
