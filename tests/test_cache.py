import json
import threading

import numpy as np

from hwverify.cache import Cache, content_hash


def test_content_hash_is_stable_and_sensitive():
    a = np.arange(6, dtype=np.int32)
    assert content_hash({"x": 1}, a) == content_hash({"x": 1}, a.copy())
    assert content_hash({"x": 1}, a) != content_hash({"x": 2}, a)
    assert content_hash(a) != content_hash(a.astype(np.int64))
    assert content_hash(a.reshape(2, 3)) != content_hash(a.reshape(3, 2))


def test_builds_once_then_hits(tmp_path):
    cache = Cache("t", root=tmp_path)
    calls = []

    def build(directory):
        calls.append(directory)
        (directory / "payload.txt").write_text("hello")
        return {"answer": 42}

    entry, built = cache.get_or_build("k1", build)
    assert built and entry.metadata == {"answer": 42}
    entry2, built2 = cache.get_or_build("k1", build)
    assert not built2 and entry2.path == entry.path and len(calls) == 1


def test_corrupt_entry_is_rebuilt_not_used(tmp_path):
    cache = Cache("t", root=tmp_path)
    entry, _ = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"good") and None)
    (entry.path / "f.bin").write_bytes(b"bad!")
    assert cache.lookup("k") is None
    entry, built = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"good") and None)
    assert built and (entry.path / "f.bin").read_bytes() == b"good"


def test_unfinished_entry_without_manifest_is_rebuilt(tmp_path):
    cache = Cache("t", root=tmp_path)
    half = cache.entry_dir("k")
    half.mkdir(parents=True)
    (half / "f.bin").write_bytes(b"half-written")
    assert cache.lookup("k") is None
    entry, built = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"whole") and None)
    assert built and (entry.path / "f.bin").read_bytes() == b"whole"
    assert json.loads((entry.path / "MANIFEST.json").read_text())["files"].keys() == {"f.bin"}


def test_failed_build_leaves_nothing(tmp_path):
    cache = Cache("t", root=tmp_path)

    def broken(directory):
        (directory / "partial").write_text("x")
        raise RuntimeError("compiler exploded")

    try:
        cache.get_or_build("k", broken)
    except RuntimeError:
        pass
    assert not cache.entry_dir("k").exists()


def test_concurrent_builders_build_once(tmp_path):
    cache = Cache("t", root=tmp_path)
    calls = []

    def build(directory):
        calls.append(1)
        (directory / "f").write_text("x")

    threads = [threading.Thread(target=cache.get_or_build, args=("k", build)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1


def test_entry_with_a_file_not_in_its_manifest_is_rebuilt_not_used(tmp_path):
    cache = Cache("t", root=tmp_path)
    entry, _ = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"good") and None)
    (entry.path / "sub").mkdir()
    (entry.path / "sub" / "planted.v").write_text("module evil; endmodule\n")
    assert cache.lookup("k") is None
    entry, built = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"good") and None)
    assert built and not (entry.path / "sub").exists()
    (entry.path / "link").symlink_to(entry.path / "f.bin")  # a symlink is a planted file too
    assert cache.lookup("k") is None


def test_an_empty_directory_in_an_entry_is_harmless(tmp_path):
    cache = Cache("t", root=tmp_path)
    entry, _ = cache.get_or_build("k", lambda d: (d / "f.bin").write_bytes(b"good") and None)
    (entry.path / "empty").mkdir()
    assert cache.lookup("k") is not None


def test_a_verilog_file_planted_in_an_open_flow_entry_is_not_simulated(tmp_path, monkeypatch):
    from hwverify.sources.openflow.pipeline import generate_rtl
    from tests.openflow.designs import affine_model

    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path))
    model = affine_model()
    first = generate_rtl(model, top="affine_planted", latency_cutoff=2.0)
    planted = first.directory / "src" / "static" / "zz_planted.v"
    planted.write_text("module affine_planted(input wire clk); endmodule\n")  # a second top, first file wins
    again = generate_rtl(model, top="affine_planted", latency_cutoff=2.0)
    assert again.rebuilt and not planted.exists()
    assert [p.name for p in again.sources] == [p.name for p in first.sources]
    assert "zz_planted.v" not in {p.name for p in again.sources}
