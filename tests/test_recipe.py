"""A recipe is validated completely before any work, each error one line naming the key."""

import textwrap

import pytest

from curate.cli import main
from curate.engine.recipe import RecipeError, load_recipe


def _recipe(tmp_path, body: str):
    path = tmp_path / "r.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("body, message", [
    ("stages: [decode, extract]\ndedupe: {exact: true}\n", "unknown key(s) dedupe"),
    ("stages:\n  - prefilter: {min_han: fifty}\n  - decode\n", "stages.prefilter.min_han: 'fifty' is not a int"),
    ("stages:\n  - prefilter: [50]\n  - decode\n", "parameters are a mapping"),
    ("stages:\n  - prefilter: 50\n", "parameters are a mapping"),
    ("stages:\n  - prefilter: {min_han: -3}\n", "outside the allowed range"),
    ("stages: [decode, prefilter]\n", "put it before `decode`"),
    ("stages: [decode, language]\n", "put it after `extract`"),
    ("stages: [extract]\n", "put it after `decode`"),
    ("stages: [decode]\noutput: {max_shard_bytes: LOTS}\n", "output.max_shard_bytes: 'LOTS' is not a size"),
    ("stages: [decode]\noutput: {max_shard_bytes: 0}\n", "outside the allowed range"),
    ("stages: [decode]\noutput: {compression: lzma9}\n", "output.compression"),
    ("stages: [decode]\ndedup: {num_perm: 100000000}\n", "num_perm must be an integer in 2..1024"),
    ("stages: [decode\n", "line 2"),
    ("a: &x [1, 2]\nb: *x\nstages: [decode]\n", "aliases"),
    ("stages: [no_such_stage]\n", "unknown stage 'no_such_stage'"),
    ("stages: [decode]\nlimits: {max_record_bytes: 100TB}\n", "limits.max_record_bytes: '100TB' is outside the allowed range"),
    ("stages: [decode]\nlimits: {max_payload_bytes: lots}\n", "limits.max_payload_bytes: 'lots' is not a size"),
    ("stages: [decode]\nlimits: {max_html_depth: 100000000}\n", "outside the allowed range 16..200000"),
    ("stages: [decode]\nlimits: {max_lines: 1.5}\n", "limits.max_lines: 1.5 is not an integer"),
    ("stages: [decode]\nlimits: {stage_seconds: -1}\n", "limits.stage_seconds: -1 is outside"),
    ("stages: [decode]\nlimits: {stage_seconds: true}\n", "is not a number"),
    ("stages: [decode]\nlimits: {max_bytes: 5}\n", "limits: unknown key(s) max_bytes; allowed: max_record_bytes"),
    ("stages: [decode]\nlimits: [5]\n", "limits: a mapping"),
])
def test_bad_recipes_fail_before_work_with_one_line(tmp_path, body, message):
    with pytest.raises(RecipeError) as e:
        load_recipe(_recipe(tmp_path, body))
    assert message in str(e.value)
    assert "\n" not in str(e.value) and str(e.value).startswith("recipe ")


def test_shipped_recipes_are_valid():
    for name in ("zh-web", "zh-extract"):
        assert load_recipe(name).stages


def test_limits_are_read_with_sizes_and_change_the_fingerprint(tmp_path):
    plain = load_recipe(_recipe(tmp_path, "stages: [decode]\n"))
    assert plain.limits.max_html_bytes == 2 << 20 and plain.limits.stage_seconds == 30
    capped = load_recipe(_recipe(tmp_path, "stages: [decode]\nlimits: {max_record_bytes: 8MB, max_lines: 500, "
                                           "stage_seconds: 0.5}\n"))
    assert capped.limits.max_record_bytes == 8 << 20 and capped.limits.max_lines == 500
    assert capped.limits.stage_seconds == 0.5 and capped.limits.max_chars == plain.limits.max_chars
    assert capped.fingerprint() != plain.fingerprint()


def test_user_stage_from_own_module(tmp_path, monkeypatch):
    (tmp_path / "mystages.py").write_text(textwrap.dedent("""
        from curate.stages.base import Stage

        class Shout(Stage):
            name = "shout"
            def __init__(self, times: int = 1, **params):
                super().__init__(**params)
                self.times = times
            def process(self, doc):
                doc.text = doc.text + "!" * self.times
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    recipe = load_recipe(_recipe(tmp_path, "stages: [decode, extract, 'mystages:Shout': {times: 2}]\n"))
    assert recipe.build()[-1].times == 2
    with pytest.raises(RecipeError, match="times: 'two' is not a int"):
        load_recipe(_recipe(tmp_path, "stages: [decode, extract, 'mystages:Shout': {times: two}]\n"))
    with pytest.raises(RecipeError, match="no Stage subclass named 'Nope'"):
        load_recipe(_recipe(tmp_path, "stages: [decode, extract, 'mystages:Nope']\n"))


def test_cli_names_the_bad_option_and_finds_a_misplaced_recipe(tmp_path, capsys):
    # argparse exits 2 with a message naming the option
    with pytest.raises(SystemExit) as e:
        main(["run", "--max-shard-size", "10XB"])
    assert e.value.code == 2
    assert "--max-shard-size" in capsys.readouterr().err
    from curate.resources import default_inputs

    out = tmp_path / "out"
    assert main(["run", "-q", "-w", "1", "--input", default_inputs()[0], "zh-extract", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "taking 'zh-extract' as the recipe" in err
    import json

    assert json.loads((out / "stats.json").read_text())["run"]["recipe"] == "zh-extract"


def test_list_prints_recipes_and_stages(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "zh-web" in out and "prefilter" in out and "min_han=50" in out
