"""OCR'd labels too misread to match, placed by their order among the labels that matched (a bilevel 150 dpi
scan of corpus 001 read `（一）予以公开` as `()F以公开` and `1.属于国家秘密` as `15上国家秘密`: 9 rows lost)."""

from pathlib import Path

from gi_reports.parse.document import Cell, Document, Table
from gi_reports.parse.readers.label_order import place_by_order


def _table_three(labels: list[str]) -> Document:
    rows = [
        [Cell(label, f"table 1 row {r} col 1"), *(Cell("0", f"table 1 row {r} col {c}") for c in range(2, 9))]
        for r, label in enumerate(labels, start=1)
    ]
    return Document(Path("scan"), "scan", blocks=[Table(rows=rows)])


def _labels(document: Document) -> list[str]:
    return [row[0].text for row in document.blocks[0].rows]


def test_misread_labels_between_two_that_matched_are_placed_as_the_rows_between_and_doubted():
    document = _table_three(
        ["二、上年结转政府信息公开申请数量", "()F以公开", "（二）部分公开", "15上国家秘密", "2.其他法律行政法规禁止公开"]
    )
    place_by_order(document)
    assert _labels(document) == [
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
    ]
    doubted = {source.split(",")[0] for source in document.doubts}
    assert doubted == {f"table 1 row {r} col {c}" for r in (2, 4) for c in range(1, 9)}
    assert "placed as '（一）予以公开' by its place beside" in document.doubts["table 1 row 2 col 3"]


def test_a_matched_label_out_of_the_template_s_order_is_placed_by_its_neighbours():
    """`4无止理由人最重复申请` holds 重复申请, a row already read: it is 4.无正当理由大量反复申请."""
    document = _table_three(
        ["2.重复申请", "3.要求提供公开出版物", "4无止理由人最重复申请", "5.要求行政机关确认或重新出具已获取信息"]
    )
    place_by_order(document)
    assert _labels(document)[2] == "4.无正当理由大量反复申请"


def test_labels_are_left_as_read_when_they_are_unlike_the_rows_between_or_more_or_fewer():
    unlike = ["二、上年结转政府信息公开申请数量", "某某某某", "（二）部分公开"]
    too_many = ["二、上年结转政府信息公开申请数量", "()F以公开", "()F以公开", "（二）部分公开"]
    for labels in (unlike, too_many):
        document = _table_three(labels)
        place_by_order(document)
        assert _labels(document) == labels and document.doubts == {}
