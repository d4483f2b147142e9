import pytest

from hwverify.cli import build_parser, main


def test_help_lists_commands_with_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "demo" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    text = capsys.readouterr().out
    assert "Example: hwverify demo" in text and "--samples" in text


def test_unknown_zoo_model_is_exit_code_2(capsys):
    assert main(["demo", "--model", "no_such_model"]) == 2
    assert "no_such_model" in capsys.readouterr().err


def test_options_shared_with_pytest_plugin():
    from hwverify.options import options_for

    demo = build_parser()._subparsers._group_actions[0].choices["demo"]
    flags = {a.option_strings[0] for a in demo._actions if a.option_strings and a.dest.startswith("hwverify_")}
    assert flags == {o.cli_flag for o in options_for("cli")}
    assert {o.name for o in options_for("cli")} <= {o.name for o in options_for("pytest")}


@pytest.mark.slow
def test_demo_runs_end_to_end(capsys):
    assert main(["demo", "--samples", "200"]) == 0
    out = capsys.readouterr().out
    assert "RESULT: bit-exact" in out and "test set" in out and "steps:" in out


def test_verify_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    text = capsys.readouterr().out
    assert "Example: hwverify verify" in text and "--rtl-dir" in text and "--simulator" in text
