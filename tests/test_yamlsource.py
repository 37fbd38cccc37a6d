"""The YAML layer: the author's text is kept, positions are exact, unsafe input is refused."""

from __future__ import annotations

import pytest
import yaml

from mlroadmap import yamlsource
from mlroadmap.yamlsource import MAX_ALIAS_EXPANSION, MAX_DEPTH, YamlProblem, parse_document


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test on both of PyYAML's parsers: a PyYAML built without libyaml uses the
    pure-Python one, whose events differ in small ways (a plain scalar's style is None)."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML built without libyaml")
        monkeypatch.setattr(yamlsource, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)


def test_scalars_stay_the_authors_text_so_nothing_changes_silently() -> None:
    doc = parse_document("owner: no\nid: 0755\nversion: 1.10\nflag: on\nday: 2026-01-05\n")
    assert doc.data == {"owner": "no", "id": "0755", "version": "1.10", "flag": "on", "day": "2026-01-05"}


@pytest.mark.parametrize("text", ["a:\n", "a: ~\n", "a: null\n", "a: Null\n", "a: NULL\n"])
def test_plain_nulls_are_none(text: str) -> None:
    assert parse_document(text).data == {"a": None}


def test_quoted_null_is_text() -> None:
    assert parse_document("a: 'null'\nb: \"~\"\n").data == {"a": "null", "b": "~"}


def test_locate_points_at_values_keys_and_parents() -> None:
    doc = parse_document("items:\n  - id: a\n    depends_on: [b, c]\n")
    assert doc.locate(("items", 0, "depends_on", 1)) == (2, 20)
    assert doc.locate(("items", 0, "depends_on"), at_key=True) == (2, 4)
    # a key that is not there: the deepest existing parent, the mapping at items[0]
    assert doc.locate(("items", 0, "title")) == (1, 4)


def test_locate_finds_each_key_by_its_place_after_a_duplicate_and_a_merge() -> None:
    # Positions are stored in the mapping's key order: a skipped duplicate and keys a merge
    # filled in (located at the alias that brought them) must not shift the keys after them.
    doc = parse_document("base: &b {x: 1, z: 2}\nm:\n  a: 1\n  <<: *b\n  b: 2\n  a: 3\n  c: [4, 5]\n")
    assert list(doc.data["m"]) == ["a", "b", "c", "x", "z"]
    assert doc.locate(("m", "a")) == (2, 5)
    assert doc.locate(("m", "b")) == (4, 5)
    assert doc.locate(("m", "c"), at_key=True) == (6, 2)
    assert doc.locate(("m", "c", 1)) == (6, 9)
    assert doc.locate(("m", "x")) == doc.locate(("m", "z")) == (3, 6)
    assert doc.locate(("m", "c", 2)) == (6, 5)  # past the list's end: the list itself
    assert [problem.line for problem in doc.problems] == [5]


def test_repeated_short_values_are_kept_once_and_long_ones_as_written() -> None:
    short = "2026-01-05"
    edge = "y" * yamlsource.SHARED_LENGTH
    long = "x" * (yamlsource.SHARED_LENGTH + 1)
    doc = parse_document(f"a: {short}\nb: [{short}]\nc: {long}\nd: {long}\ne: {edge}\nf: {edge}\n")
    assert doc.data["a"] is doc.data["b"][0]
    assert doc.data["e"] is doc.data["f"]
    assert doc.data["c"] == doc.data["d"] and doc.data["c"] is not doc.data["d"]


def test_merge_keys_fill_in_missing_keys_only() -> None:
    doc = parse_document("base: &b {track: data, status: done}\nitem:\n  <<: *b\n  status: planned\n")
    assert doc.data["item"] == {"status": "planned", "track": "data"}


def test_aliases_share_small_blocks() -> None:
    doc = parse_document("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": ["1", "2"], "b": ["1", "2"]}


def test_alias_bomb_is_refused_while_parsing() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 9)}]")
    with pytest.raises(YamlProblem) as error:
        parse_document("\n".join(lines) + "\n")
    assert error.value.code == "alias-bomb"
    assert f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes" in error.value.message


def test_undefined_alias() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: *nowhere\n")
    assert "alias *nowhere refers to no anchor" in error.value.message


def test_deep_nesting_is_refused_cleanly() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting" in error.value.message or "depth" in error.value.message


def test_nesting_limit_is_ours_below_libyaml_limit() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert error.value.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert (error.value.line, error.value.column) == (0, MAX_DEPTH)


def test_duplicate_key_names_both_lines_keeps_the_first_and_goes_on() -> None:
    doc = parse_document("a: 1\nb: 2\na: 3\nc: 4\n")
    assert doc.data == {"a": "1", "b": "2", "c": "4"}
    [problem] = doc.problems
    assert problem.message.startswith("duplicate key 'a': first written at line 1, again at line 3")
    assert (problem.line, problem.column) == (2, 0)


def test_two_merge_keys_in_one_mapping_are_a_duplicate() -> None:
    doc = parse_document("x: &x {a: 1}\ny:\n  <<: *x\n  <<: *x\n")
    assert [p.message.split(":")[0] for p in doc.problems] == ["duplicate key '<<'"]


def test_problems_inside_an_alias_are_located_at_the_alias() -> None:
    doc = parse_document("a: &deps [x, y]\nb: *deps\n")
    assert doc.locate(("a", 1)) == (0, 13)
    assert doc.locate(("b", 1)) == (1, 3)


def test_several_documents_are_refused() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: 1\n---\nb: 2\n")
    assert error.value.code == "multiple-documents"
    assert error.value.line == 1


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['echo hi']", "!custom 5", "!!binary aGk=", "!!int 3", "!!seq {a: 1}", "!!map []"]
)
def test_tags_other_than_the_structural_ones_are_refused(tag: str) -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document(f"a: {tag}\n")
    assert error.value.code == "yaml-tag"


def test_structural_tags_are_accepted() -> None:
    assert parse_document("a: !!str 12\nb: !!seq [1]\nc: !!map {}\n").data == {"a": "12", "b": ["1"], "c": {}}


def test_tag_message_uses_the_short_form() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: !!python/name:os.system x\n")
    assert error.value.message == "unsupported YAML tag '!!python/name:os.system': a roadmap holds plain data only"


def test_control_characters_are_located() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: 1\nb: x\x00y\n")
    assert error.value.message == "control character U+0000 is not allowed in YAML"
    assert (error.value.line, error.value.column) == (1, 4)


def test_line_separator_lookalikes_are_refused_where_they_are() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a: 1\nb: one\u2028two\n")
    assert error.value.message.startswith("U+2028 LINE SEPARATOR character: YAML reads it as a line break")
    assert (error.value.line, error.value.column) == (1, 6)


def test_tab_indentation_is_a_located_syntax_error() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("a:\n\tb: 1\n")
    assert error.value.message == "YAML syntax error: a tab character; YAML indentation and separation use spaces, not tabs"
    assert (error.value.line, error.value.column) == (1, 0)


def test_complex_keys_are_refused() -> None:
    with pytest.raises(YamlProblem) as error:
        parse_document("? [a, b]\n: 1\n")
    assert "a mapping key must be a plain value" in error.value.message


def test_suggestions_stop_when_the_comparison_budget_is_spent() -> None:
    from mlroadmap.suggest import Suggester

    suggester = Suggester(budget=5)
    candidates = ["alpha", "beta", "gamma"]
    assert suggester.closest("alpah", candidates) == "alpha"
    assert suggester.closest("bta", candidates) is None  # 3 of 5 spent: 3 more would exceed it
    assert suggester.closest("Alpha", ["alpha"]) == "alpha"  # case-insensitive


def test_a_value_cut_short_by_a_comment_is_a_warning_unless_quoted() -> None:
    doc = parse_document("title: Fix bug #12 first\nnote: 'Fix bug' #12\nwhy: Fix bug  # a comment\n")
    assert doc.data == {"title": "Fix bug", "note": "Fix bug", "why": "Fix bug"}
    assert [(p.line, p.column, p.code, p.message) for p in doc.problems] == [
        (0, 15, "comment-in-value", "the value ends at 'Fix bug': '#12 first' after it is a YAML comment; "
         "quote the whole value if it belongs to it"),
    ]


def test_a_merged_or_dropped_block_does_not_lend_its_place_to_a_later_one() -> None:
    # Positions and alias sites are keyed by the containers' ids: a mapping merged in with
    # `<<` (or a duplicate key's value) freed while parsing would hand its id to a later
    # list, which then read as an alias and was located at its start.
    doc = parse_document("x: &deps [f0]\nitems:\n  - id: a\n    <<: {depends_on: *deps}\n  - id: b\n    b: {k: 1}\n    b: {k: 2}\n"
                         "  - id: c\n    depends_on: [f0, {id: a, lag: soon}]\n")
    assert doc.locate(("items", 2, "depends_on", 1, "lag")) == (8, 34)
