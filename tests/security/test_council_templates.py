"""#13 point 6: a council template cannot run code, read files, exhaust memory or never finish.

Council templates (content/councils/ID/templates/) are content, written by whoever runs the
content. They run in the same locked-down sandbox as expressions: the document is plain data,
nothing reaches a Python object or method, and time and size are limited. A template that
breaks a rule fails with one plain sentence naming the file, and `planner check` reports it.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from planner.check import check_paths, report
from planner.flows.loader import Content, load_content
from planner.output.documents import Document, build_documents
from planner.output.render import Renderer, TemplateFailed
from planner.output.template_check import check_council_templates
from tests.output.helpers import TODAY
from tests.output.sessions import filled

# pydantic's old `parse_raw(..., proto="pickle", allow_pickle=True)` unpickles text: the pickle
# below (protocol 0 is plain text) calls os.system. Before #13 any council template could do this.
PICKLE = "cos\\nsystem\\n(S'echo owned > {marker}'\\ntR."


@pytest.fixture(scope="module")
def documents(content: Content) -> dict[str, Document]:
    session, record = filled(content, "support-plan", lambda q: "Fine")
    return build_documents(session, record, today=TODAY)


@pytest.fixture(scope="module")
def plan(documents: dict[str, Document]) -> Document:
    return documents["support-plan"]


def _council(folder: Path, name: str, text: str) -> Renderer:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return Renderer(council_templates=folder)


def test_a_model_method_cannot_turn_data_into_a_command(tmp_path: Path, plan: Document) -> None:
    marker = tmp_path / "owned"
    renderer = _council(tmp_path / "templates", "support-plan.md.j2",
                        '{{ doc.parse_raw("' + PICKLE.format(marker=marker)
                        + '", proto="pickle", allow_pickle=True) }}')
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert not marker.exists()
    assert str(failed.value).startswith(f"The template {tmp_path / 'templates' / 'support-plan.md.j2'}, line 1 ")
    assert "Traceback" not in str(failed.value)


def test_a_model_method_cannot_read_a_file(tmp_path: Path, plan: Document) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"schema_version": 1, "about": "the key is 1234"}')
    renderer = _council(tmp_path / "templates", "support-plan.md.j2", f'{{{{ doc.parse_file("{secret}") }}}}')
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert "1234" not in str(failed.value)


@pytest.mark.parametrize("text", [
    "{{ doc.model_construct() }}",
    "{{ doc.copy(update={'about': 1}) }}",
    "{{ doc.model_config }}",
    "{{ doc.model_fields }}",
    "{{ doc.about.model_dump() }}",
    "{{ doc.about.title.upper() }}",
    "{{ '{0.__class__}'.format(doc) }}",
    "{{ doc.about.title.format(doc) }}",
    "{{ doc.items() | list }}",
    "{{ _.__globals__ }}",
    "{{ gettext.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum() }}",
    "{{ cycler.__init__ }}",
    "{{ joiner() }}",
    "{{ dict(a=1) }}",
    "{{ range.__self__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{% for x in [1] %}{{ loop._after }}{% endfor %}",
    "{% macro m() %}{{ caller.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{% macro m() %}{% endmacro %}{{ m._func }}",
    "{{ doc.about.taking_part | map(attribute='__class__') | list }}",
    "{{ doc | attr('about') }}",
    "{{ doc | pprint }}",
    "{{ doc.about.title | safe }}",
    "{% set x = doc.still_to_ask %}{{ x.append(1) }}",
    "{{ (doc.still_to_ask | by_section)[0][1].pop() }}",
])
def test_nothing_reaches_a_python_object(tmp_path: Path, plan: Document, text: str) -> None:
    renderer = _council(tmp_path / "templates", "support-plan.md.j2", text)
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert failed.value.kind in ("unsafe", "mistake")
    for leak in ("<function", "<class", "<bound", "object at 0x", "Traceback"):
        assert leak not in str(failed.value)


@pytest.mark.parametrize("text, kind", [
    ('{{ "x" * 1000000000 }}', "unsafe"),
    ('{{ "%999999999s" % "x" }}', "unsafe"),
    ("{{ _('%(x)999999999s', x=1) }}", None),
    ('{% for a in range(10000) %}{% for b in range(10000) %}{{ doc.about.title * 50 }}{% endfor %}{% endfor %}',
     "large"),
    ('{% macro big() %}{% for i in range(10000) %}{{ "x" * 900000 }}{% endfor %}{% endmacro %}{% set y = big() %}y',
     "large"),
    ('{% set ns = namespace(t="xx") %}{% for i in range(60) %}{% set ns.t = ns.t ~ ns.t %}{% endfor %}', "unsafe"),
    ('{% set ns = namespace(l=[1, 2]) %}{% for i in range(60) %}{% set ns.l = ns.l + ns.l %}{% endfor %}', "unsafe"),
    ("{{ range(1000000000) | list }}", "large"),
])
def test_a_template_cannot_exhaust_memory(tmp_path: Path, plan: Document, text: str, kind: str | None) -> None:
    renderer = _council(tmp_path / "templates", "support-plan.md.j2", text)
    if kind is None:  # a width in words is refused quietly: the words come out as written
        assert "999999999" in renderer.render(plan, "md")
        return
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert failed.value.kind == kind  # stopped by the limit it names, not by running out of memory
    if kind == "large":
        assert str(failed.value).startswith(f"The template {tmp_path / 'templates' / 'support-plan.md.j2'}")
        assert str(failed.value).endswith(" made too much text, so it was stopped. Make it print less.")


@pytest.mark.parametrize("text, kind", [
    ("{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}{% endfor %}{% endfor %}"
     "{% endfor %}", "slow"),
    ("{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}", "slow"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "deep"),
    ("{% for a in [1] recursive %}{{ loop([1]) }}{% endfor %}", "deep"),
])
def test_a_template_cannot_run_for_ever(tmp_path: Path, plan: Document, text: str, kind: str) -> None:
    renderer = _council(tmp_path / "templates", "support-plan.md.j2", text)
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert failed.value.kind == kind  # stopped by the time (or depth) limit, as it says, not left to run
    if kind == "slow":
        assert str(failed.value) == (f"The template {tmp_path / 'templates' / 'support-plan.md.j2'}, line 1 took too "
                                     "long, so it was stopped. Make its loops smaller.")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_template_that_is_a_pipe_is_refused_not_waited_for(tmp_path: Path, plan: Document) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "support-plan.md.j2")
    with pytest.raises(TemplateFailed) as failed:
        Renderer(council_templates=folder).render(plan, "md")
    assert "not a plain file" in str(failed.value)


def test_a_template_cannot_include_a_file_outside_its_folder(tmp_path: Path, plan: Document) -> None:
    (tmp_path / "secret.txt").write_text("the key is 1234")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "notes.j2").symlink_to(tmp_path / "secret.txt")
    renderer = _council(folder, "support-plan.md.j2", '{% include "notes.j2" %}{% include "../secret.txt" %}')
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    assert "1234" not in str(failed.value)


def test_a_council_can_still_replace_one_block(tmp_path: Path, documents: dict[str, Document]) -> None:
    renderer = _council(tmp_path / "templates", "support-plan.j2",
                        '{% extends "default:support-plan.j2" %}\n'
                        '{% block keeping_well %}{{ m.p("Exampleshire Wellbeing Service: 01632 960555.") }}'
                        '{% for item in doc.still_to_ask | by_section %}{{ loop.index }}{% endfor %}'
                        '{{ super() }}{% endblock %}\n')
    plain = Renderer()
    added = "Exampleshire Wellbeing Service: 01632 960555."
    for fmt, shown in (("md", added), ("txt", added), ("html", f"<p>{added}</p>")):
        text = renderer.render(documents["support-plan"], fmt)
        assert shown in text
        assert text.replace(shown, "").split() == plain.render(documents["support-plan"], fmt).split()
    assert renderer.render(documents["hand-over"], "md") == plain.render(documents["hand-over"], "md")


# planner check reads council templates and reports unsafe ones at file:line.

EXPLOIT = '''{% extends "default:support-plan.md.j2" %}
{% block keeping_well %}
{{ doc.parse_raw("cos\\nsystem\\n(S'id'\\ntR.", proto="pickle", allow_pickle=True) }}
{{ doc.about.title.upper() }}
{{ lipsum(5) }}
{{ doc.__class__ }}
{{ doc.about.title | safe }}
{% include "/etc/passwd" %}
{% for line in doc.about_me.what_matters.words.split("\\n") %}{{ line }}{% endfor %}
{{ doc.about.title() }}
{{ super() }}
{% endblock %}
'''


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the built-in content; its example council's templates folder is returned, empty."""
    from planner.paths import BUILTIN_CONTENT

    shutil.copytree(BUILTIN_CONTENT, tmp_path / "content")
    folder = tmp_path / "content" / "councils" / "example" / "templates"
    folder.mkdir()
    return folder


def _check(folder: Path) -> list[str]:
    content = load_content(folder.parent.parent.parent)
    return [str(p) for p in check_council_templates(content)]


def test_planner_check_reports_an_unsafe_template_at_file_and_line(council: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (council / "support-plan.md.j2").write_text(EXPLOIT)
    monkeypatch.chdir(council.parent.parent.parent)
    out = io.StringIO()
    assert report(check_paths([Path(".")]), "text", out) == 1
    where = "councils/example/templates/support-plan.md.j2"
    assert [line for line in out.getvalue().splitlines() if line.startswith("councils/")] == [
        f"{where}:3: The template uses '.parse_raw', which is not a part of any document. It is a method of the "
        "document, and templates cannot use methods. Use a part, such as doc.about.title.",
        f"{where}:4: The template uses '.upper', which is not a part of any document. Did you mean 'super'? "
        "Use the upper filter instead: value | upper.",
        f"{where}:5: The template uses 'lipsum', which does not exist here. Did you mean 'list'? A template can use "
        "doc, about, fmt, large_print, lang, its macros, _(), ngettext(), namespace() and range().",
        f"{where}:6: The template uses '__class__'. Names that start with _ are not allowed in templates. Remove it.",
        f"{where}:7: The template uses the filter 'safe', which templates cannot use. Use one of: abs, by_section, "
        "capitalize, count, d, date, default, first, float, full_stop, int, join, last, length, lines, list, lower, "
        "lower_first, map, max, min, money, names, number, period, phrases, reject, rejectattr, replace, round, "
        "select, selectattr, sort, string, sum, time, title, trim, truncate, unique, upper, wordcount.",
        f"{where}:8: The template uses '/etc/passwd', which is not a built-in template or one of this council's. "
        "Fix the name.",
        f"{where}:9: The template uses '.split', which is not a part of any document. Did you mean 'list'? To go "
        "through text line by line, use the lines filter: q.words | lines.",
        f"{where}:10: The template calls 'title', which cannot be called. Only macros, caller(), super(), _(), "
        "ngettext(), namespace() and range() can be called. Use a filter instead.",
    ]
    assert "\n8 errors and 0 warnings.\n" in out.getvalue()


def test_planner_check_reports_a_syntax_error_and_an_unused_file(council: Path) -> None:
    (council / "hand-over.md.j2").write_text("{% if doc %}\n{{ doc.name }\n")
    (council / "suport-plan.j2").write_text("hello")
    where = str(council.relative_to(Path.cwd())) if council.is_relative_to(Path.cwd()) else str(council)
    assert _check(council) == [
        f"{where}/hand-over.md.j2:2: The template cannot be read: unexpected '}}'. Check the {{% %}} and {{{{ }}}} "
        "tags on this line.",
        f"{where}/suport-plan.j2:1: warning: 'suport-plan.j2' is not the name of a built-in template, and no "
        "template here uses it, so it is never used. Did you mean 'support-plan.j2'? Rename it to the template it "
        "should replace.",
    ]


def test_planner_check_tries_templates_on_example_documents(council: Path) -> None:
    (council / "hand-over.md.j2").write_text(
        '{% extends "default:hand-over.md.j2" %}\n{% block tasks %}\n'
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n{% endblock %}\n")
    (council / "budget-sheet.txt.j2").write_text(
        '{% extends "default:budget-sheet.txt.j2" %}\n{% block review %}\n{{ doc.about.title | date }}\n'
        '{% endblock %}\n')
    where = str(council.relative_to(Path.cwd())) if council.is_relative_to(Path.cwd()) else str(council)
    assert sorted(_check(council)) == [
        f"{where}/budget-sheet.txt.j2:3: The template stopped when it was tried on an example budget-sheet: Invalid "
        "isoformat string: 'Your personal budget: what you know'. Fix this line.",
        f"{where}/hand-over.md.j2:3: The template stopped when it was tried on an example hand-over: it took too "
        "long. Make its loops smaller.",
    ]


def test_planner_check_passes_a_good_override(council: Path) -> None:
    (council / "support-plan.j2").write_text(
        '{% extends "default:support-plan.j2" %}\n'
        '{% block keeping_well %}{{ m.p("Exampleshire Wellbeing Service: 01632 960555.") }}{{ super() }}'
        '{% endblock %}\n')
    (council / "macros.html.j2").write_text(
        '{% extends "default:macros.html.j2" %}')  # not used as a page, but allowed: it replaces a built-in
    assert _check(council) == []


def test_the_built_in_templates_pass_the_same_checks() -> None:
    from planner.output.render import TEMPLATES
    from planner.output.template_check import check_folder

    assert [str(p) for p in check_folder(TEMPLATES)] == []


def test_the_message_is_in_the_conversation_s_language(tmp_path: Path, plan: Document) -> None:
    from planner.i18n.catalogues import load

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "support-plan.md.j2").write_text("{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}"
                                               "{% endfor %}")
    with pytest.raises(TemplateFailed) as failed:
        Renderer(council_templates=folder, translator=load("cy")).render(plan, "md")
    assert str(failed.value) == (f"Cymerodd y templed {folder / 'support-plan.md.j2'}, llinell 1 ormod o amser, felly "
                                 "cafodd ei stopio. Gwnewch ei ddolenni'n llai.")


@pytest.mark.parametrize("text", [
    '{{ ("9" * 900000) | money }}',
    '{{ ("9" * 900000) | number }}',
    "{{ range(10000) | list | names }}",
    "{{ range(1, 1002) | list | phrases }}",
    '{{ ("a\\n" * 900000) | lines | length }}',
])
def test_the_formatting_filters_refuse_what_would_take_for_ever(tmp_path: Path, plan: Document, text: str) -> None:
    renderer = _council(tmp_path / "templates", "support-plan.md.j2", text)
    with pytest.raises(TemplateFailed) as failed:
        renderer.render(plan, "md")
    # Refused by a size limit before the work is done, not stopped by the clock after it.
    assert failed.value.kind in ("mistake", "unsafe") and ("at most" in str(failed.value)
                                                          or "too large" in str(failed.value)), failed.value


def test_planner_check_can_check_one_council_template(council: Path) -> None:
    (council / "support-plan.md.j2").write_text("{{ doc.model_config }}\n")
    (council / "hand-over.md.j2").write_text("{{ doc.__dict__ }}\n")
    (content,) = check_paths([council / "support-plan.md.j2"])
    assert [(Path(p.path).name, p.line, p.code) for p in content.problems] == [
        ("support-plan.md.j2", 1, "TEMPLATE_UNKNOWN_PART")]


def test_planner_check_refuses_a_link_out_of_the_folder(council: Path) -> None:
    (council.parent / "secret.txt").write_text("the key is 1234")
    (council / "support-plan.md.j2").symlink_to(council.parent / "secret.txt")
    problems = _check(council)
    assert len(problems) == 1 and problems[0].endswith(
        "support-plan.md.j2: The template cannot be read (it is a link to a file outside the templates folder). "
        "Put a plain UTF-8 text file here, or remove it.")
