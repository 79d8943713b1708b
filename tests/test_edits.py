"""The edit primitive: exact offsets for known cases, and for any mix of edits the property that every change
points at its `after` in the edited text and at its `before` in the source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.edits import Change, Replacement, apply


def test_replacements_shift_what_follows():
    edited = apply("a thewithdrawal b therapyor", [Replacement(2, 15, "the withdrawal", "glue"),
                                                   Replacement(18, 27, "therapy or", "glue")])
    assert edited.text == "a the withdrawal b therapy or"
    assert edited.changes == (Change("glue", "thewithdrawal", "the withdrawal", 2, 2),
                              Change("glue", "therapyor", "therapy or", 19, 18))
    assert edited.placed == (2, 19)


def test_earlier_changes_move_with_later_replacements_before_them():
    first = apply("mail jane@example.org, ok", [Replacement(5, 21, "<EMAIL>", "mask")])
    assert first.text == "mail <EMAIL>, ok"
    second = apply(first.text, [Replacement(0, 4, "e-mail", "glue")], first.changes)
    assert second.text == "e-mail <EMAIL>, ok"
    assert [(c.kind, c.before, c.after, c.start, c.src_start) for c in second.changes] == [
        ("glue", "mail", "e-mail", 0, 0), ("mask", "jane@example.org", "<EMAIL>", 7, 5)]


def test_a_replacement_over_an_earlier_change_merges_with_it_and_keeps_the_source_text():
    first = apply("你好,世界", [Replacement(2, 3, "，", "punct")])
    second = apply(first.text, [Replacement(1, 4, "X", "term")], first.changes)
    assert second.text == "你X界"
    assert second.changes == (Change("term", "好,世", "X", 1, 1),)


def test_overlapping_replacements_in_one_call_keep_the_first():
    edited = apply("abcdef", [Replacement(1, 4, "X", "a"), Replacement(2, 5, "Y", "b")])
    assert edited.text == "aXef"
    assert edited.placed == (1, None)


def test_origin_places_source_offsets_in_the_whole_page():
    edited = apply("abc", [Replacement(1, 2, "BB", "k")], origin=100)
    assert edited.changes == (Change("k", "b", "BB", 1, 101),)


@st.composite
def edit_rounds(draw):
    prefix = draw(st.text(alphabet="xy", max_size=5))
    source = draw(st.text(alphabet="ab,。c 中", min_size=0, max_size=30))
    rounds = []
    length = len(source)
    for _ in range(draw(st.integers(1, 4))):
        batch = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, length))
            end = draw(st.integers(start, min(length, start + 6)))
            batch.append(Replacement(start, end, draw(st.text(alphabet="ZW<>", max_size=4)), draw(
                st.sampled_from(["glue", "mask", "punct", "script", "term"]))))
        rounds.append(batch)
        length += sum(len(r.after) - (r.end - r.start) for r in batch)  # an upper bound is not needed: clamp
        length = max(length, 0)
    return prefix, source, rounds


@settings(max_examples=500, deadline=None)
@given(edit_rounds())
def test_every_change_points_at_its_after_in_the_text_and_its_before_in_the_source(case):
    prefix, source, rounds = case
    page = prefix + source + "tail"
    text, changes = source, ()
    for batch in rounds:
        batch = [Replacement(min(r.start, len(text)), min(r.end, len(text)), r.after, r.kind) for r in batch]
        edited = apply(text, batch, changes, origin=len(prefix))
        for replacement, where in zip(batch, edited.placed, strict=True):
            if where is not None:
                assert edited.text[where:where + len(replacement.after)] == replacement.after
        text, changes = edited.text, edited.changes
    previous_end = -1
    for change in changes:
        assert text[change.start:change.end] == change.after
        assert page[change.src_start:change.src_start + len(change.before)] == change.before
        assert change.before != change.after
        assert change.start >= previous_end
        previous_end = change.end
    # undoing every change gives the source back
    undone, position = [], 0
    for change in changes:
        undone.append(text[position:change.start] + change.before)
        position = change.end
    undone.append(text[position:])
    assert "".join(undone) == source


def test_the_last_replacement_of_a_merged_change_names_its_kind():
    first = apply("abcdef", [Replacement(1, 5, "WXYZ", "script")])
    second = apply(first.text, [Replacement(1, 2, "w", "glue"), Replacement(3, 4, "y", "mask")], first.changes)
    assert second.text == "awXyZf"
    assert second.changes == (Change("mask", "bcde", "wXyZ", 1, 1),)
