"""Steps of the tracklist paste through the test client: paste, read the preview, confirm it."""

BACKSTAGE_TRACKLIST = """\
1. Melangkah – Sissy Prescillia & Vanesha Prescillia (musik: Andi Rianto, lirik: Andi Rianto, Monty Tiwa)
2. Apa Adanya – Sissy Prescillia & Vanesha Prescillia (musik & lirik: Andi Rianto) 3:58
3. Aku Takkan Berhenti – Sissy Prescillia dan Vanesha Prescillia (cipt. Andi Rianto)
4. Seberapa Pantas - Vanesha Prescillia (cover Sheila On 7)
5. Terbaik Untukmu — Sissy Prescillia (lagu milik Tangga)
6. I Remember – Vanesha Prescillia [Mocca cover]
7. Bagaikan Langit – Sissy Prescillia (dipopulerkan oleh Potret)
"""


def form_data(form):
    """What a browser would send for an unbound (or bound) form: its current values, prefixed."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[field.html_name] = value
    return data


def preview_data(response, **changes):
    """The POST a person sends from the preview page as shown; ``changes`` overrides fields."""
    context = response.context
    data = {"tracklist": context["tracklist"]}
    if context.get("target_form") is not None:
        for field in context["target_form"]:
            if field.value() not in (None, ""):
                data[field.html_name] = field.value()
    for formset in (context["row_formset"], context["name_formset"]):
        management = formset.management_form
        for field in management:
            data[field.html_name] = field.value()
        for form in formset.forms:
            data.update(form_data(form))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def paste_and_confirm(client, url, text, **target):
    """Paste ``text``, take the preview as it comes, confirm; returns the confirm's response."""
    preview = client.post(url, {"action": "preview", "tracklist": text, **target})
    assert preview.status_code == 200, preview.content[:500]
    assert preview.context["stage"] == "preview", (
        preview.context.get("paste_form") and preview.context["paste_form"].errors
    )
    return client.post(url, {**preview_data(preview), "action": "confirm"})
