"""The {% time_element %} tag gives what the date filters gave, in each language and time zone."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

TEMPLATE = "{% load site %}{% time_element moment %}"
BY_FILTERS = """<time datetime="{{ moment|date:'c' }}">{{ moment|date:"DATE_FORMAT" }}</time>"""


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "UTC", "America/Sao_Paulo"])
def test_time_element_equals_the_date_filters(settings, language, zone):
    settings.TIME_ZONE = zone
    engine = engines["django"]
    # Late evening UTC: already the next day in Jakarta, still the same day in São Paulo.
    for moment in [
        datetime.datetime(2022, 1, 3, 22, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
    ]:
        with translation.override(language):
            expected = engine.from_string(BY_FILTERS).render({"moment": moment})
            assert engine.from_string(TEMPLATE).render({"moment": moment}) == expected


def test_indonesian_month_names():
    with translation.override("id"):
        html = (
            engines["django"]
            .from_string(TEMPLATE)
            .render({"moment": datetime.datetime(2022, 1, 3, 3, 0, tzinfo=datetime.UTC)})
        )
    assert ">3 Januari 2022</time>" in html
