"""Template interpreter: a report's token stream → the cells of tables 二, 三 and 四.

Rows are found by their labels, never by position, so an agency's extra sub-rows, a label
repeated after a page break or a blank cell shift nothing. What the label catalogue and the
code dictionary say about each template version is data; this package only reads the stream,
one module per table.
Where a text dump glued cells together, the template's identities (and, for table 二, the
report's own sentences) choose the reading; cells on which the readings left still differ are
left missing and flagged, never guessed.
"""

from ..statements import statements
from ..tokens import Token
from .applications import read_applications, result_rows
from .model import APPLICANTS, OUTCOMES, PROCEEDINGS, Interpretation
from .proactive import note_missing_cells, read_proactive
from .review import read_review
from .sections import detect_template, note_tables_elsewhere, prose, split_sections

__all__ = ["APPLICANTS", "OUTCOMES", "PROCEEDINGS", "Interpretation", "interpret", "result_rows"]


def interpret(tokens: list[Token], year_hint: int | None = None) -> Interpretation:
    sections = split_sections(tokens)
    result = Interpretation(template=None)
    result.template = detect_template(sections, year_hint, result)
    template = result.template or "2019"
    # Only the account of the year before the tables: section 五 speaks of next year's plans.
    said = statements(prose(sections.get("preamble", [])))
    read_proactive(sections.get("proactive", []), said, result)
    note_missing_cells(template, result)
    read_applications(sections.get("applications", []), template, result)
    read_review(sections.get("review_litigation", []), result)
    note_tables_elsewhere(sections, result)
    return result
