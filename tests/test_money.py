import pytest

from counter_app.cash import (
    DEFAULT_DENOMINATIONS, count_json, count_text, count_total_paise, parse_count, parse_denominations, parse_float,
    rounding_for,
)
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


INDIAN = parse_denominations(DEFAULT_DENOMINATIONS)


def test_denomination_count():
    assert parse_count("500x10,100x4,20x3", INDIAN) == {500_00: 10, 100_00: 4, 20_00: 3}
    assert parse_float("500x2,100x5", INDIAN) == (150000, {500_00: 2, 100_00: 5})
    assert parse_float("2000", INDIAN) == (200000, None)


def test_the_count_holds_every_amount_the_app_takes():
    """Rs 4,149.50 expected: a Rs 2,000 note and a 50-paise coin exist in the count."""
    counts = parse_count("2000x1,500x4,100x1,20x2,5x1,2x2,0.50x1", INDIAN)
    assert count_total_paise(counts) == 4149_50
    assert parse_count("0.50x2", INDIAN) == {50: 2} and parse_count("0.5x2", INDIAN) == {50: 2}
    assert count_text(counts) == "2000x1,500x4,100x1,20x2,5x1,2x2,0.50x1"
    assert count_json(counts)["0.50"] == 1 and list(count_json(counts))[0] == "2000"
    assert INDIAN == (2000_00, 500_00, 200_00, 100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50)


@pytest.mark.parametrize("text", ["500x", "x10", "300x2", "500x2;100x1", "abc", "0.25x4", "0.50x-1"])
def test_bad_counts_refused(text):
    with pytest.raises(InputError):
        parse_count(text, INDIAN)


@pytest.mark.parametrize("amount, unit, rounding", [
    (99_50, 100, 50), (99_49, 100, -49), (100_00, 100, 0), (99_50, 50, 0), (99_75, 50, 25), (99_99, 1, 0),
])
def test_cash_rounding_to_the_nearest_unit_halves_up(amount, unit, rounding):
    assert rounding_for(amount, unit) == rounding


def test_denominations_setting_is_checked():
    with pytest.raises(InputError):
        parse_denominations("500,abc")
    with pytest.raises(InputError):
        parse_denominations("500,500")
