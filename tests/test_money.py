import pytest

from counter_app.cash import parse_count, parse_float
from counter_app.errors import InputError
from counter_app.money import format_rupees, parse_rupees


@pytest.mark.parametrize("text, paise", [
    ("500", 50000), ("499.50", 49950), ("499.5", 49950), ("0.01", 1), (" 10 ", 1000),
    ("1,00,000", 10000000), ("1,000", 100000), ("199999.99", 19999999), ("12,34,567.50", 123456750),
    ("10,000", 1000000),
])
def test_accepted_amounts(text, paise):
    assert parse_rupees(text) == paise


@pytest.mark.parametrize("text", ["abc", "-5", "1e3", "5.123", "", "   ", "+5", "5.", ".5", "१००", "5 00"])
def test_refused_amounts_say_what_is_accepted(text):
    with pytest.raises(InputError) as err:
        parse_rupees(text)
    assert "at most two decimals" in str(err.value)
    assert err.value.field == "amount"


@pytest.mark.parametrize("text", ["100,000", "1,000,000", "12,34", "1,0000", ",100", "1,00", "5,5"])
def test_commas_only_in_indian_grouping(text):
    """1,00,000 is one lakh; 100,000 (Western grouping) or a stray comma is refused, never guessed at."""
    with pytest.raises(InputError) as err:
        parse_rupees(text)
    assert "1,00,000" in str(err.value)


@pytest.mark.parametrize("paise, shown", [
    (0, "Rs 0.00"), (5, "Rs 0.05"), (12345600, "Rs 1,23,456.00"), (100000, "Rs 1,000.00"),
    (1234567890, "Rs 1,23,45,678.90"), (-250, "-Rs 2.50"),
])
def test_format_rupees_indian_grouping(paise, shown):
    assert format_rupees(paise) == shown


def test_format_refuses_floats():
    with pytest.raises(TypeError):
        format_rupees(10.5)  # type: ignore[arg-type]


def test_denomination_count():
    assert parse_count("500x10,100x4,20x3") == {500: 10, 100: 4, 20: 3}
    assert parse_float("500x2,100x5") == (150000, {500: 2, 100: 5})
    assert parse_float("2000") == (200000, None)


@pytest.mark.parametrize("text", ["500x", "x10", "300x2", "500x2;100x1", "abc"])
def test_bad_counts_refused(text):
    with pytest.raises(InputError):
        parse_count(text)
