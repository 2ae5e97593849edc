import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the WARC-building helpers in tests/warcs.py


import pytest  # noqa: E402


@pytest.fixture
def warcs(tmp_path):
    """Three small WARC files of Chinese, English and Japanese pages, a redirect and a garbage record."""
    from test_run import make_warc

    d = tmp_path / "in"
    d.mkdir()
    return [make_warc(d / f"part-{k}.warc.gz", n_zh=4 + k, seed=k) for k in range(3)]
