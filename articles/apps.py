from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Artikel")

    def ready(self):
        from articles import page_scopes, quotes, related, search
        from pophariini import content

        # Stored related cards and quoted addresses are derived from articles, not written
        # by editors; edit locks are who has a form open (renewed every half minute),
        # nothing a reader sees.
        content.register(self.label, exclude=["RelatedSuggestion", "QuotedAddress", "EditLock"])
        # Article tags are django-taggit's, a third-party app that cannot register itself.
        content.register("taggit")
        content.subscribe(related.stored_lists)
        content.subscribe(search.search_text)
        content.subscribe(quotes.quotes)
        # Which cached pages each article and music write can change.
        page_scopes.register()
