"""datapackage.json: the data dictionary that ships with data/processed (a Frictionless Data Package).

Generated from `gi_reports.schema`, never written by hand, so that a reviewer who receives the folder
(or a zip of it) knows what every column means, which codes it may hold, what an empty cell means,
and which version of the parser wrote it — without this repository.
"""

import hashlib
import json
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path

from ..schema import TABLES, TableSchema
from ..template import codes

_TYPES = {"text": "string", "code": "string", "count": "integer", "number": "number", "flag": "boolean", "year": "integer"}
MISSING = (
    "An empty cell (null) is unknown: the agency left it blank, or the parser could not read it or found several "
    "readings (the `checks` table says which). It is never 0. 空值表示未知（空白、无法识别或有歧义），不等于 0。"
)


def template_version() -> str:
    """A hash of the template catalogue (codes, labels, phrases): which vocabulary the codes come from."""
    digest = hashlib.sha256()
    for path in sorted(resources.files("gi_reports.template").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".csv"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def field(table: TableSchema, name: str) -> dict:
    column = table.column(name)
    described = {
        "name": column.name,
        "type": _TYPES[column.kind],
        "description": column.en,
        "description_zh": column.zh,
    }
    if column.required:
        described["constraints"] = {"required": True}
    if column.dimension:
        described.setdefault("constraints", {})["enum"] = codes.codes(column.dimension)
        zh, en = codes.labels(column.dimension, "zh"), codes.labels(column.dimension, "en")
        described["codes"] = [{"code": c, "zh": zh[c], "en": en[c]} for c in codes.codes(column.dimension)]
    return described


def resource(table: TableSchema, files: list[str]) -> dict:
    described = {
        "name": table.name,
        "path": files if len(files) != 1 else files[0],
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": table.en,
        "description_zh": table.zh,
        "schema": {"fields": [field(table, c.name) for c in table.columns], "missingValues": [""]},
    }
    if table.key:
        described["schema"]["primaryKey"] = list(table.key)
    if table.by_year:
        described["files_layout"] = f"{table.name}/<year>/part-0.parquet; the year is also a column of every file"
    return described


def write_datapackage(folder: Path, files: dict[str, list[Path]], input_files: int, parser_version: str) -> Path:
    """Describe the tables whose files were written into `folder` (paths relative to it)."""
    package = {
        "profile": "data-package",
        "name": "gi-reports",
        "title": "政府信息公开工作年度报告 · China's government information disclosure annual reports, as tidy tables",
        "description": "Tables 二, 三 and 四 of the annual reports, one row per cell, with the raw cell text and where it was found, and every accounting identity checked. "
        + MISSING,
        "version": metadata.version("gi_reports"),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "gi_reports": {
            "package_version": metadata.version("gi_reports"),
            "parser_version": parser_version,
            "template_version": template_version(),
            "input_files": input_files,
            "statuses": {"ok": "every check holds", "warnings": "some check needs a look (see `checks`, ok = false)"},
        },
        "resources": [
            resource(TABLES[name], [p.relative_to(folder).as_posix() for p in paths]) for name, paths in files.items() if paths
        ],
    }
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
