"""Configuration: typed sections with their defaults, validation with the file and key named, a stable fingerprint."""

from __future__ import annotations

import pytest

from pipeline import config


def test_defaults_are_typed_sections():
    defaults = config.Config()
    assert defaults.ingest.max_page_chars == 20_000_000
    assert defaults.boilerplate.repeated_min_pages == 5
    assert defaults.policy.keep_languages == () and not defaults.policy.active
    assert defaults.normalize.glued_words is True


def test_a_file_sets_only_what_it_names_and_casts_integers_to_float():
    parsed = config.parse({"policy": {"max_mt_score": 0, "keep_languages": ["zh"]},
                           "language": {"min_clause_words": 3}}, "medclean.toml")
    assert parsed.policy == config.PolicySettings(keep_languages=("zh",), max_mt_score=0.0)
    assert parsed.language.min_clause_words == 3
    assert parsed.normalize == config.NormalizeSettings()
    assert parsed.source == "medclean.toml"


@pytest.mark.parametrize(("data", "message"), [
    ({"outputs": {}}, "m.toml: unknown section [outputs]"),
    ({"output": {"zip": True}}, "m.toml: unknown key output.zip"),
    ({"output": {"compress": "yes"}}, "m.toml: output.compress must be bool, got str"),
    ({"boilerplate": {"repeated_min_pages": True}}, "m.toml: boilerplate.repeated_min_pages must be int, got bool"),
    ({"boilerplate": {"repeated_min_pages": -1}}, "m.toml: boilerplate.repeated_min_pages must be at least 0, got -1"),
    ({"policy": {"max_mt_score": 1.5}}, "m.toml: policy.max_mt_score must be between 0.0 and 1.0, got 1.5"),
    ({"policy": {"keep_languages": "en"}}, "m.toml: policy.keep_languages must be a list of strings"),
    ({"policy": {"keep_languages": ["en", "fr"]}}, "m.toml: policy.keep_languages holds unknown labels ['fr']"),
    ({"ingest": 3}, "m.toml: [ingest] must be a table"),
    ({"ingest": {"max_undecodable_share": 1.5}},
     "m.toml: ingest.max_undecodable_share must be between 0.0 and 1.0, got 1.5"),
    ({"ingest": {"max_undecodable_share": -0.01}},
     "m.toml: ingest.max_undecodable_share must be between 0.0 and 1.0, got -0.01"),
])
def test_bad_settings_are_errors_naming_file_and_key(data, message):
    with pytest.raises(config.ConfigError) as raised:
        config.parse(data, "m.toml")
    assert str(raised.value).startswith(message)


def test_the_fingerprint_follows_the_effective_settings_only():
    assert config.parse({}, "a.toml").fingerprint() == config.Config().fingerprint()
    assert config.parse({"output": {"compress": False}}, "b.toml").fingerprint() == config.Config().fingerprint()
    assert config.parse({"output": {"compress": True}}, "c.toml").fingerprint() != config.Config().fingerprint()


def test_every_setting_is_documented_with_a_help_text():
    rows = config.documented()
    assert len(rows) == len({(section, key) for section, key, _, _ in rows}) == 21
    assert all(help_text for *_, help_text in rows)


@pytest.mark.parametrize(("data", "message"), [
    ({"policy": {"max_mt_score": True}}, "m.toml: policy.max_mt_score must be float, got bool"),
    ({"policy": {"keep_languages": ["en", 1]}}, "m.toml: policy.keep_languages must be a list of strings"),
])
def test_booleans_are_not_numbers_and_lists_hold_strings(data, message):
    with pytest.raises(config.ConfigError, match=message):
        config.parse(data, "m.toml")


def test_range_ends_are_allowed():
    assert config.parse({"policy": {"max_mt_score": 1.0}}, "m.toml").policy.max_mt_score == 1.0
    assert config.parse({"policy": {"max_mt_score": 0}}, "m.toml").policy.max_mt_score == 0.0
    assert config.parse({"boilerplate": {"repeated_min_pages": 0}}, "m.toml").boilerplate.repeated_min_pages == 0
    assert config.parse({"ingest": {"max_undecodable_share": 0}}, "m.toml").ingest.max_undecodable_share == 0.0
    assert config.parse({"ingest": {"max_undecodable_share": 1}}, "m.toml").ingest.max_undecodable_share == 1.0
