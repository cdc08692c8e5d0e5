"""Every threshold of the PDF reader's layout and structure analysis, in one
frozen dataclass, each with the reason for its value.

Lengths are in font sizes of the text at hand (or shares of the page), not
points, so they hold on any page size and any type size; counts are of
lines or characters. `READER` is the one instance the reader uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderSettings:
    # --- glyphs (pdf.py) ---
    # Type smaller than this (points) is a hidden tag ([Table_Title]) or chart debris.
    min_size: float = 4.0
    # Text lighter than this (0 black, 1 white) is a watermark or a hidden tag...
    light: float = 0.7
    # ...unless this share of the page is light: a slide with white text on a dark box.
    light_page_share: float = 0.3
    # ...or it lies on a filled box darker than this: white text on a tinted banner
    # (a pale blue date box is about 0.74) is meant to be read.
    tinted_box: float = 0.8

    # A run of glyphs drawn again right after itself, its box covering this share
    # of the first's, is one label drawn twice (shifted, or in two sizes)...
    redrawn: float = 0.5
    # ...when the run is at most this long: a label, not a repeated paragraph.
    redrawn_chars_max: int = 40

    # --- lines and columns (layout.py) ---
    # A gap wider than this many font sizes ends a segment (column gutters,
    # table cells, dot-less table-of-contents leaders).
    segment_gap: float = 1.5
    # A band narrower than this share of the page is a gutter artefact (a
    # column of page numbers), merged with its neighbour.
    min_band_share: float = 0.12
    # A gutter is at least this wide (points); narrower gaps are between words.
    min_gutter: float = 6
    # Neighbouring glyphs of one line may overlap by this many font sizes (two
    # texts printed over each other, a banner's, overlap more)...
    overlap: float = 0.5
    # ...or by this much next to punctuation set on the same top: CJK typesetting
    # squeezes "。（" and "，将" together, their wide boxes overlapping.
    punct_overlap: float = 1.0
    # Share of a segment's box covered by another's: two texts printed over each other...
    overprint: float = 0.4
    # ...both this short: a stamp or a label; longer text overlapping is a line
    # that ran into a neighbour's box, and is read.
    overprint_chars: int = 12
    # Glyphs whose vertical centres lie closer than this many font sizes share a
    # line; lines of one column lie at least a font size apart.
    row_link: float = 0.45

    # --- furniture (furniture.py) ---
    # Share of the page height at the top and bottom where running heads live.
    margin: float = 0.1

    # --- paragraphs and tables (paragraphs.py) ---
    # A line ending this many font sizes short of the column's right edge ends its paragraph.
    short_line: float = 2.0
    # A line ending a sentence this many font sizes short of the right edge
    # ends its paragraph: justified lines fill the column to within a fraction
    # of a character, the last line of a paragraph rarely does.
    sentence_short: float = 0.8
    # A gap this many font sizes wider than the column's usual line gap is a paragraph break.
    paragraph_gap: float = 0.35
    # A change of type size by more than this (points) is a change of paragraph.
    size_change: float = 0.6
    # A first line starting this many font sizes right of the column's edge is indented.
    indent: float = 1.5
    # A lone row is too little to call a table.
    min_table_rows: int = 2
    # Consecutive lines of a label and figures that make an unruled table, and
    # the longest label such a row has (a longer one is a sentence ending in figures).
    min_numeric_rows: int = 3
    max_row_label: int = 24
    # A column whose characters are at least this share table rows and bare
    # figures is a table: its short phrases are the table's labels, not prose.
    tabular_share: float = 0.6
    # A chart box (caption .. source line) holding this much running prose is
    # no chart: the source line that closed it belonged to a later figure.
    chart_prose: int = 100

    # --- structure (structure.py) ---
    # Key points sit on the first pages; a marker further on is a section's own word.
    key_point_pages: int = 2
    # A set-aside line this long, in body type and ending a sentence, is reported.
    lost_sentence_chars: int = 20
    # An unnumbered heading has at least this many characters: one or two are
    # debris (a vertical label's glyph, a chart's axis word, a watermark's piece).
    min_heading_chars: int = 3
    # A bold lead-in above a summary paragraph ("青海储能补贴政策落地，…") is a
    # phrase, at most this long; a longer line is prose of its own.
    lead_in_chars: int = 40
    # Unnumbered headings are set this much larger than the report's body type (or bold).
    heading_size_ratio: float = 1.08
    # A page-one label heading a summary point is short and set at most this
    # much larger than the body; the title and its prefix are set larger.
    max_label_chars: int = 60
    max_label_size: float = 1.25
    # No heading, numbered or not, is set smaller than this share of the body
    # type: a numbered line in small type is a table row, a chart's or a footnote's.
    min_heading_size: float = 0.95

    # --- the front page (front.py) ---
    # An analyst's SAC number or email lies at most this many font sizes below
    # the name in its column: a phone number and a certificate label between
    # make about six, the next analyst's block starts further down.
    analyst_reach: float = 8.0
    # ...and starts at most this many of the name's sizes right of the name's
    # end: a sidebar may set the values flush right, a label's width away;
    # a name further left is another column's (a stock in a table).
    analyst_beside: float = 8.0
    # A date alone on its line in this top share of page one is the report's
    # (set above the title); lower, dates alone list related reports.
    cover_date_share: float = 0.2

    # --- the document (document.py) ---
    # Fewer visible characters than this per page: there is no real text layer.
    min_chars_per_page: int = 20
    # Share of unmapped glyphs on a page worth a warning: its text is garbled.
    unmapped_warning: float = 0.02


READER = ReaderSettings()
