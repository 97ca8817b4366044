import json

import pytest

from gi_reports.cli import main

from .conftest import SEED_DIR


def test_parse_prints_the_tables(capsys):
    assert main(["parse", str(SEED_DIR / "000_c5c8807853175509.txt")]) == 0
    out = capsys.readouterr().out
    assert "温州市鹿城区人民政府滨江街道办事处" in out and "new_received" in out and "checks: " in out


def test_parse_json_is_machine_readable(capsys):
    assert main(["parse", "--json", str(SEED_DIR / "002_2008f0193b0e469e.txt")]) == 0
    payload = json.loads(capsys.readouterr().out)
    cells = {(c["row"], c["applicant"]): c["value"] for c in payload["applications"]}
    assert cells[("unavailable_not_held", "total")] == 2
    assert payload["meta"]["year"] == 2020
    procurement = [c for c in payload["proactive"] if c["metric"] == "amount_yuan"]
    assert procurement[0]["value"] == 8808257.32 and procurement[0]["raw"] == "8808257.32元"


def test_parse_of_a_bad_file_says_why(tmp_path, capsys):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert main(["parse", str(path)]) == 2
    assert "empty.html: the file is empty" in capsys.readouterr().err


def test_version_is_printed_by_the_command_and_by_python_m(capsys):
    import subprocess
    import sys
    from importlib import metadata

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"gi-reports {metadata.version('gi_reports')}"
    run = subprocess.run([sys.executable, "-m", "gi_reports", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and metadata.version("gi_reports") in run.stdout


@pytest.mark.parametrize("command", ["render", "all"])
def test_help_shows_every_option_with_its_default(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--workers", "--force", "--headers"):
        assert option in text
    assert "(default: zh)" in text and "(default: all cores)" in text and "(default: None)" not in text


def test_render_of_a_year_with_no_data_is_one_line_and_exit_2(tmp_path, capsys):
    from gi_reports.corpus.build import build

    from .conftest import copy_seeds

    copy_seeds(tmp_path / "raw" / "2020")
    build(tmp_path / "raw", tmp_path / "processed", workers=1, progress=False)
    assert main(["render", "--year", "2031", "--processed-dir", str(tmp_path / "processed"), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no reports on 2031" in err and "years built: 2020" in err


def test_render_without_a_built_dataset_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["render", "--processed-dir", str(tmp_path / "nothing"), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds no built dataset" in err and "gi-reports build" in err
