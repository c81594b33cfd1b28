"""The assessment summary as a PDF the supplier can keep (reportlab; text, not images).

Page streams are left uncompressed so that the text can be searched and checked as it is.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from procura.core import clock

from .models import AssessmentSummary


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _scores_table(scores: dict, styles) -> Table:
    body = styles["BodyText"]
    rows = [["Criterion", "Weight", "Score", "Weighted score", "Explanation"]]
    for line in scores["criteria"]:
        score = "By formula" if line["score"] is None else f"{line['score']} of {line['max_score']}"
        rows.append(
            [
                _p(line["title"], body),
                f"{line['weight']}%",
                score,
                line["weighted_score"],
                _p(line["explanation"], body),
            ]
        )
    rows.append(["Quality total", "", "", scores["quality_total"], ""])
    rows.append(["Price total", "", "", scores["price_total"], ""])
    rows.append(["Total score", "", "", scores["total"], f"Rank {scores['rank']}"])
    table = Table(rows, colWidths=[38 * mm, 16 * mm, 18 * mm, 22 * mm, 76 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -3), (-1, -1), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return table


def assessment_summary_pdf(summary: AssessmentSummary) -> bytes:
    """The summary as a PDF: who it is for, the methodology, the supplier's scores with their
    explanations, its total and rank, the outcome and, for an unsuccessful supplier, the winning
    tenders' scores and explanations (Procurement Regulations 2024 reg 31)."""
    content = summary.content
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Heading1"], styles["Heading2"]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        pageCompression=0,
        title=f"Assessment summary: {content['procurement']['reference']}",
        author=str(summary.decision.procurement.authority),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
    )
    supplier = content["supplier"]
    story = [
        _p("Assessment summary", h1),
        _p(
            f"{content['procurement']['title']} ({content['procurement']['reference']}), from "
            f"{summary.decision.procurement.authority}. Procurement Act 2023 s.50(3); "
            "Procurement Regulations 2024 reg 31.",
            body,
        ),
        _p(f"To: {supplier['name']}", body),
        _p(f"Address: {supplier['address'] or 'not recorded'}", body),
        _p(f"Identifier: {supplier['identifier']}", body),
        *(
            [_p(f"Lot {content['lot']['number']}: {content['lot']['title']}", body)]
            if content.get("lot")
            else []
        ),
        _p(
            f"Sent: {clock.format_datetime(summary.sent_at)}, at the same time as the summaries "
            "for every other assessed tender.",
            body,
        ),
        Spacer(1, 4 * mm),
        _p("Outcome", h2),
        _p(content["outcome"], body),
        _p("Award criteria and methodology", h2),
    ]
    for criterion in content["methodology"]["criteria"]:
        story.append(
            _p(
                f"{criterion['title']}: {criterion['weight']}% of the marks; scores available "
                f"{criterion['scores_available']}.",
                body,
            )
        )
    story += [
        _p(f"Price formula: {content['methodology']['price_formula']}.", body),
        _p(f"Tie-break: {content['methodology']['tie_break']}.", body),
        _p(content["methodology"]["where_set_out"], body),
        _p("Your tender's scores", h2),
        _scores_table(content["tender"], styles),
    ]
    for winner in content["winning_tenders"]:
        story += [
            _p(f"The successful tender of {winner['supplier']}", h2),
            _scores_table(winner, styles),
        ]
    document.build(story)
    return buffer.getvalue()
