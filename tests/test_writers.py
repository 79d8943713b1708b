"""Writers: atomic files, deterministic gzip, one live form of each output."""

from __future__ import annotations

import gzip

import pytest

from pipeline.writers import dropped_writer, write_atomic, write_records


def test_records_are_one_line_each_and_gzip_bytes_depend_on_content_only(tmp_path):
    plain = write_records(tmp_path, [b'{"id":"a"}\n', b'{"id":"b"}\n'], compress=False)
    assert plain.read_text(encoding="utf-8") == '{"id":"a"}\n{"id":"b"}\n'
    packed = write_records(tmp_path, [b'{"id":"a"}\n', b'{"id":"b"}\n'], compress=True)
    assert packed.name == "records.jsonl.gz" and not plain.exists()
    first = packed.read_bytes()
    write_records(tmp_path, [b'{"id":"a"}\n', b'{"id":"b"}\n'], compress=True)
    assert packed.read_bytes() == first
    assert gzip.decompress(first) == b'{"id":"a"}\n{"id":"b"}\n'


def test_dropped_file_exists_only_with_a_policy(tmp_path):
    with dropped_writer(tmp_path, active=True) as drop:
        drop("policy.empty", '{"id":"a"}')
        assert not (tmp_path / "dropped.jsonl").exists()  # in place only when the block ends
    assert (tmp_path / "dropped.jsonl").read_text(encoding="utf-8") == '{"reason":"policy.empty","record":{"id":"a"}}\n'
    with dropped_writer(tmp_path, active=False) as drop:
        assert drop is None
    assert not (tmp_path / "dropped.jsonl").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def chunks():
        yield b"new"
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["records.jsonl"]


def test_records_are_compact_json_with_their_own_characters():
    from pipeline.writers import serialise

    record = {"id": "a", "zh": {"text": "美沙酮"}, "n": [1, 2]}
    assert serialise(record) == '{"id":"a","zh":{"text":"美沙酮"},"n":[1,2]}'


def test_gzip_output_carries_no_timestamp(tmp_path):
    packed = write_records(tmp_path, [b'{"id":"a"}\n'], compress=True).read_bytes()
    assert packed[:2] == b"\x1f\x8b" and packed[4:8] == b"\0\0\0\0"  # MTIME field of the gzip header


def test_a_durable_write_syncs_its_file_and_a_non_durable_one_does_not(tmp_path, monkeypatch):
    import os

    from pipeline.writers import atomic

    synced: list[int] = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    write_atomic(tmp_path / "kept.jsonl", [b"a\n"])
    assert len(synced) == 1
    write_atomic(tmp_path / "parked", [b"b"], durable=False)
    assert len(synced) == 1
    assert (tmp_path / "parked").read_bytes() == b"b"
    assert sorted(os.listdir(tmp_path)) == ["kept.jsonl", "parked"]  # renamed into place, no temporary left
