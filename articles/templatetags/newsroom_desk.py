"""``{% newsroom_desk as queues %}``: the admin home's queues for the person signed in."""

from django import template

from articles.admin.desk import newsroom_desk as desk_queues

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_desk(context):
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_article"):
        return []
    return desk_queues(request.user)
