"""The bounded memo behind the per-cell lookups of a parse."""

from gi_reports.parse.memo import Memo


def test_memo_works_each_key_out_once():
    asked = []
    lengths = Memo(lambda text: asked.append(text) or len(text), limit=10)
    assert [lengths["规章"], lengths["行政许可"], lengths["规章"]] == [2, 4, 2]
    assert asked == ["规章", "行政许可"]


def test_memo_is_emptied_at_its_limit():
    squares = Memo(lambda n: n * n, limit=3)
    for n in range(3):
        squares[n]
    assert squares[7] == 49
    assert dict(squares) == {7: 49}
