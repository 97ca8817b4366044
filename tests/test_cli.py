import json

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
