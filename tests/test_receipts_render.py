"""The pure receipt renderer: what pdftotext reads off each kind of receipt, page sizes, fonts."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.ttfonts import ShapedStr

from receipts import fonts, text
from receipts.render import render_pdf
from tests.receipt_fixtures import PROVISIONAL, pdf_text, sample

MM = 72 / 25.4
def page_size_mm(pdf: bytes) -> tuple[float, float]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].get_width() / MM, doc[0].get_height() / MM
    finally:
        doc.close()


def test_roll_receipt_says_everything_in_both_languages(tmp_path: Path) -> None:
    pdf = render_pdf(sample(), "roll")
    width, height = page_size_mm(pdf)
    assert width == pytest.approx(80, abs=0.01)
    assert 80 < height < 300  # fitted to the content, not a fixed page
    got = pdf_text(pdf, tmp_path)
    for expected in [
        "MNG-01-0000042", "101234567890", "Rs 1,99,999.50", "Rs 2,00,000.00", "Rs 0.50",
        "One Lakh Ninety-Nine Thousand Nine Hundred and Ninety-Nine Rupees and Fifty Paise Only",
        "एक लाख निन्यानबे हज़ार नौ सौ निन्यानबे रुपये और पचास पैसे मात्र",
        PROVISIONAL, "अस्थायी", "रसीद सं. / Receipt no.", "Asha Devi (asha)", "राम कुमार सिंह", "BSP-7788123",
        "3F2A9C0B7D11", "Patna ESD-3", "Bihar State Power (Holding) Company Ltd",
        "बिहार स्टेट पावर (होल्डिंग) कंपनी लिमिटेड", "नकद / Cash",
    ]:
        assert expected in got, expected
    assert "CONFIRMED" not in got and "DUPLICATE" not in got and "VOID" not in got


def test_local_time_with_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        got = pdf_text(render_pdf(sample(), "roll"), tmp_path)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert "27-11-2026 12:32:21 IST" in got


def test_confirmed_shows_server_reference(tmp_path: Path) -> None:
    got = pdf_text(render_pdf(sample(status="confirmed", server_ref="SRV-2026-000123"), "roll"), tmp_path)
    assert "CONFIRMED" in got and "SRV-2026-000123" in got
    assert "PROVISIONAL" not in got


def test_void_and_rejected_say_so(tmp_path: Path) -> None:
    got = pdf_text(render_pdf(sample(status="void"), "roll"), tmp_path)
    assert "VOID" in got and "रद्द" in got and "PROVISIONAL" not in got
    got = pdf_text(render_pdf(sample(status="rejected", reject_reason="unknown consumer"), "roll"), tmp_path)
    assert "REJECTED" in got and "credit NOT applied" in got and "unknown consumer" in got


def test_duplicate_carries_its_count(tmp_path: Path) -> None:
    got = pdf_text(render_pdf(sample(reprint_no=3, reprinted_at="2026-11-28T09:00:00Z"), "roll"), tmp_path)
    assert "DUPLICATE - reprint 3" in got and "प्रतिलिपि" in got
    assert PROVISIONAL in got  # a duplicate still tells the credit's state


def test_a4_page(tmp_path: Path) -> None:
    pdf = render_pdf(sample(), "a4")
    assert page_size_mm(pdf) == pytest.approx((210, 297), abs=0.1)
    got = pdf_text(pdf, tmp_path)
    assert "MNG-01-0000042" in got and "Rs 1,99,999.50" in got and PROVISIONAL in got


def test_unknown_format_or_status_refused() -> None:
    with pytest.raises(ValueError):
        render_pdf(sample(), "a5")
    with pytest.raises(ValueError):
        sample(status="maybe")


def test_devanagari_is_shaped_not_just_mapped() -> None:
    deva = fonts.load().deva
    assert deva, "Noto Sans Devanagari is installed by dev.sh (fonts-noto-core)"
    # क्ष is one conjunct glyph, not क + ् + ष side by side; ि goes before its consonant.
    out, width = text.shaped("क्षत्रिय प्रिंट", deva, 10)
    assert isinstance(out, ShapedStr)
    assert len(out) < len("क्षत्रिय प्रिंट")
    assert width > 0


def test_english_only_without_a_devanagari_font(tmp_path: Path) -> None:
    pdf = render_pdf(sample(), "roll", fonts=fonts.ENGLISH_ONLY)
    got = pdf_text(pdf, tmp_path)
    assert PROVISIONAL in got and "Receipt no." in got
    assert "One Lakh Ninety-Nine Thousand" in got
    assert not text.has_devanagari(got)
    assert "[Hindi: no font]" in got  # the consumer's Hindi name, said plainly instead of boxes
    assert "रसीद" not in got


def test_font_search_falls_back_to_english_with_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fonts, "font_dirs", lambda: [])
    fonts.load.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="receipts.fonts"):
            found = fonts.load(None)
        assert found == fonts.ENGLISH_ONLY and not found.hindi
        assert "English only" in caplog.text
    finally:
        fonts.load.cache_clear()


def test_configured_font_must_hold_devanagari(tmp_path: Path) -> None:
    latin_only = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
    if not latin_only.exists():
        pytest.skip("no Latin-only font to try")
    fonts.load.cache_clear()
    try:
        found = fonts.load(str(latin_only))
        assert found.hindi and found.deva_path != str(latin_only)
        missing = fonts.load(str(tmp_path / "nope.ttf"))
        assert missing.hindi
    finally:
        fonts.load.cache_clear()


def test_letters_the_font_lacks_are_never_drawn_as_boxes(tmp_path: Path) -> None:
    loaded = fonts.load()
    odd = "\u1cfa"  # a Vedic sign Noto Sans Devanagari has no glyph for
    assert not loaded.covers(odd)
    parts = text.runs(f"राम{odd} Kumar", loaded)
    assert "".join(p.text for p in parts) == f"{text.MISSING_HINDI} Kumar"
    assert not any(p.deva for p in parts)
    got = pdf_text(render_pdf(sample(consumer_name=f"राम{odd}"), "roll", loaded), tmp_path)
    assert text.MISSING_HINDI in got and odd not in got
