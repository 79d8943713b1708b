"""Sentence alignment (Gale-Church with evidence): exact links on lengths built by hand."""

from pipeline import sentalign


def spans(links):
    return [(link.a, link.b) for link in links]


def test_equal_lengths_link_one_to_one():
    assert spans(sentalign.align([40, 80, 120], [40, 80, 120])) == [((0, 1), (0, 1)), ((1, 2), (1, 2)),
                                                                     ((2, 3), (2, 3))]


def test_two_sentences_rendered_as_one_are_one_link():
    assert spans(sentalign.align([100, 60, 100], [100, 160])) == [((0, 1), (0, 1)), ((1, 3), (1, 2))]


def test_three_sentences_rendered_as_one_are_one_link():
    assert spans(sentalign.align([80, 80, 80], [240])) == [((0, 3), (0, 1))]


def test_no_link_joins_sentences_of_two_paragraphs():
    links = sentalign.align([100, 100], [200], breaks_a=frozenset({0, 1}), breaks_b=frozenset({0}))
    assert ((0, 2), (0, 1)) not in spans(links)
    assert len(links) == 2 and {link.a for link in links} == {(0, 1), (1, 2)}


def test_evidence_keeps_a_sentence_with_its_translation():
    lengths = [60, 30, 60], [60, 60]
    assert spans(sentalign.align(*lengths)) == [((0, 2), (0, 1)), ((2, 3), (1, 2))]  # by length alone

    def evidence(a, b):  # the short second sentence is what the Chinese leaves out
        return 8.0 if (a, b) in {((0, 1), (0, 1)), ((2, 3), (1, 2))} else 0.0

    assert spans(sentalign.align(*lengths, evidence)) == [((0, 1), (0, 1)), ((1, 2), (1, 1)), ((2, 3), (1, 2))]


def test_a_sentence_left_without_translation_costs_its_prior_only():
    links = sentalign.align([60, 400, 60], [60, 60])
    assert spans(links) == [((0, 1), (0, 1)), ((1, 2), (1, 1)), ((2, 3), (1, 2))]
    assert links[1].length_probability == 1.0


def test_the_expected_ratio_is_the_callers():
    assert sentalign.length_probability(100, 50) < 0.03
    assert sentalign.length_probability(100, 50, ratio=0.5) == 1.0
    assert spans(sentalign.align([100, 100], [50, 50], ratio=0.5)) == [((0, 1), (0, 1)), ((1, 2), (1, 2))]


def test_long_inputs_are_searched_in_a_band_around_the_diagonal():
    lengths = [50 + (i * 37) % 90 for i in range(600)]
    links = sentalign.align(lengths, lengths)
    assert len(links) == 600 and all(link.a == link.b for link in links)
