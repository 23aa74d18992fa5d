"""A booking's receipt (領収書) and qualified invoice (適格請求書) as PDF, in the
customer's language, drawn with ReportLab.

Japanese text uses ReportLab's built-in CID font HeiseiKakuGo-W5 (the PDF viewer
supplies the glyphs), so no font file ships with the gateway. The figures come from the
booking as booking stores them: its lines' tax-included amounts and rates, and its tax
per rate computed once per rate (the qualified-invoice rounding rule) — nothing is
recomputed here, so the PDF, the pages and the ledger cannot disagree.
"""

import io
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from gateway import legal
from gateway.i18n import _, current_locale, jst_date, money

FONT = "HeiseiKakuGo-W5"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

WIDTH, HEIGHT = A4
LEFT = 20 * mm
RIGHT = WIDTH - 20 * mm


def _rate_label(rate_bps: int) -> str:
    return f"{rate_bps // 100}%" if rate_bps % 100 == 0 else f"{rate_bps / 100:g}%"


class _Sheet:
    def __init__(self, title: str) -> None:
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Lunar Payload Exchange")
        self.y = HEIGHT - 25 * mm

    def text(self, value: str, size: float = 10, x: float = LEFT, *, right: bool = False) -> None:
        self.canvas.setFont(FONT, size)
        if right:
            self.canvas.drawRightString(x, self.y, value)
        else:
            self.canvas.drawString(x, self.y, value)

    def line(self, value: str = "", size: float = 10, gap: float = 1.6) -> None:
        if value:
            self.text(value, size)
        self.down(size * gap)

    def down(self, points: float) -> None:
        self.y -= points
        if self.y < 25 * mm:
            self.canvas.showPage()
            self.y = HEIGHT - 25 * mm

    def rule(self) -> None:
        self.canvas.line(LEFT, self.y + 4, RIGHT, self.y + 4)
        self.down(6)

    def done(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def _seller_block(sheet: _Sheet, texts: legal.LegalTexts, lang: str) -> None:
    seller = texts.seller
    sheet.line(legal.pick(seller.name, lang), 11)
    sheet.line(legal.pick(seller.address, lang), 9)
    sheet.line(f"TEL {seller.phone}  {seller.email}", 9)
    sheet.line(_("Registration number: %(number)s", number=seller.registration_number), 9)


def _tax_rows(booking: dict[str, Any]) -> list[str]:
    currency = booking["currency"]
    rows = []
    for row in booking.get("tax_breakdown") or []:
        if row["rate_bps"]:
            rows.append(
                _(
                    "%(rate)s items: %(amount)s (consumption tax %(tax)s)",
                    rate=_rate_label(row["rate_bps"]),
                    amount=money(row["taxable_minor"], currency),
                    tax=money(row["tax_minor"], currency),
                )
            )
        else:
            rows.append(
                _(
                    "Not taxable (exempt or zero-rated): %(amount)s",
                    amount=money(row["taxable_minor"], currency),
                )
            )
    return rows


def _addressee(booking: dict[str, Any]) -> str:
    name = (booking.get("company") or {}).get("name") or booking["contact"]["name"]
    return _("%(name)s (customer)", name=name)


def receipt_pdf(booking: dict[str, Any], texts: legal.LegalTexts, issued: datetime) -> bytes:
    """領収書: what was paid, for what, when, by whom to whom, with the tax per rate."""
    lang = current_locale()
    currency = booking["currency"]
    sheet = _Sheet(_("Receipt"))
    sheet.text(_("Receipt"), 22)
    sheet.down(14)
    sheet.text(_("No. %(number)s", number="R-" + booking["id"]), 9, RIGHT, right=True)
    sheet.down(12)
    sheet.text(_("Issued on %(date)s", date=jst_date(issued)), 9, RIGHT, right=True)
    sheet.down(24)
    sheet.line(_addressee(booking), 14, 2.2)
    sheet.line(
        _("Amount received: %(amount)s", amount=money(booking["paid_minor"], currency)), 18, 1.4
    )
    sheet.line(_("(consumption tax included)"), 9, 2.2)
    lines = ", ".join(f"{line['quantity']} × {line['name']}" for line in booking["lines"])
    sheet.line(_("For: %(what)s (booking %(id)s)", what=lines, id=booking["id"]), 10)
    sheet.line(_("Paid by credit card."), 10, 2)
    sheet.rule()
    for row in _tax_rows(booking):
        sheet.line(row, 10)
    refund = booking.get("refunded_minor") or booking.get("refund_requested_minor") or 0
    if refund:
        sheet.line(_("Refunded: %(refund)s", refund=money(refund, currency)), 10)
    if booking.get("cancellation_fee_minor"):
        sheet.line(
            _(
                "Cancellation fee kept: %(fee)s",
                fee=money(booking["cancellation_fee_minor"], currency),
            ),
            10,
        )
    sheet.down(18)
    _seller_block(sheet, texts, lang)
    return sheet.done()


def invoice_pdf(booking: dict[str, Any], texts: legal.LegalTexts, issued: datetime) -> bytes:
    """適格請求書: the seller's registration number, the date of the transaction, each item
    with its rate, the tax-included totals and the consumption tax per rate."""
    lang = current_locale()
    currency = booking["currency"]
    sheet = _Sheet(_("Qualified invoice"))
    sheet.text(_("Qualified invoice"), 20)
    sheet.down(14)
    sheet.text(_("No. %(number)s", number="I-" + booking["id"]), 9, RIGHT, right=True)
    sheet.down(12)
    sheet.text(_("Issued on %(date)s", date=jst_date(issued)), 9, RIGHT, right=True)
    sheet.down(24)
    sheet.line(_addressee(booking), 14, 2)
    _seller_block(sheet, texts, lang)
    sheet.down(6)
    sheet.line(_("Date of the transaction: %(date)s", date=jst_date(booking["created_at"])), 10, 2)
    # (x, right-aligned) of: item, quantity, unit price, rate, amount
    columns = (
        (LEFT, False),
        (LEFT + 100 * mm, True),
        (LEFT + 130 * mm, True),
        (LEFT + 145 * mm, True),
        (RIGHT, True),
    )
    headings = (_("Item"), _("Quantity"), _("Unit price"), _("Rate"), _("Amount"))
    for (x, right), heading in zip(columns, headings, strict=True):
        sheet.text(heading, 9, x, right=right)
    sheet.down(6)
    sheet.rule()
    for line in booking["lines"]:
        rate = line.get("tax_rate_bps") or 0
        mark = " ※" if line.get("tax_category") == "reduced" else ""
        name = line["name"] + (f" 「{line['inscription']}」" if line.get("inscription") else "")
        cells = (
            name[:40] + mark,
            str(line["quantity"]),
            money(line["unit_price_minor"], currency),
            _rate_label(rate) if rate else _("not taxable"),
            money(line["amount_minor"], currency),
        )
        for (x, right), cell in zip(columns, cells, strict=True):
            sheet.text(cell, 9, x, right=right)
        sheet.down(14)
    sheet.down(4)
    sheet.rule()
    sheet.line(
        _("Total (tax included): %(total)s", total=money(booking["total_minor"], currency)), 12
    )
    for row in _tax_rows(booking):
        sheet.line(row, 10)
    if any(line.get("tax_category") == "reduced" for line in booking["lines"]):
        sheet.line(_("※ reduced tax rate item"), 8)
    return sheet.done()
