"""The select-box and checkbox tags that render option lists in Python."""

from __future__ import annotations

from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_the_chosen_option_is_selected_and_the_others_are_not() -> None:
    html = render(
        "{% option_tags options chosen %}",
        options=[("labour", "Forced labour"), ("sexual", "Sexual exploitation")],
        chosen="sexual",
    )
    assert html == (
        '<option value="labour">Forced labour</option>'
        '<option value="sexual" selected>Sexual exploitation</option>'
    )


def test_several_chosen_values_select_several_options() -> None:
    html = render(
        "{% option_tags options chosen %}",
        options=[("a", "A"), ("b", "B"), ("c", "C")],
        chosen=["a", "c"],
    )
    assert html.count(" selected") == 2 and '<option value="b">B</option>' in html


def test_nothing_is_selected_when_nothing_is_chosen() -> None:
    html = render("{% option_tags options chosen %}", options=[("1", "One")], chosen=None)
    assert " selected" not in html


def test_codes_and_labels_are_escaped() -> None:
    html = render(
        "{% option_tags options chosen %}",
        options=[('"><script>alert(1)</script>', "<b>Tom & 'Jerry'</b>")],
        chosen="",
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/b&gt;" in html
    assert 'value="&quot;&gt;&lt;script&gt;' in html


def test_checkboxes_are_labelled_named_and_checked() -> None:
    html = render(
        "{% checkbox_tags name options chosen %}",
        name="means_of_control",
        options=[("debt", "Debt bondage"), ("threats", "Threats <to family>")],
        chosen=["threats"],
    )
    assert html == (
        '<label><input type="checkbox" name="means_of_control" value="debt"> '
        "<span>Debt bondage</span></label>"
        '<label><input type="checkbox" name="means_of_control" value="threats" checked> '
        "<span>Threats &lt;to family&gt;</span></label>"
    )
