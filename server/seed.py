"""Realistic consumers for demonstrations and benchmarks (names, meters, sub-divisions of Bihar)."""

from __future__ import annotations

import random
from collections.abc import Iterator

FIRST = ("Aarti", "Abhishek", "Ajay", "Amit", "Anil", "Anita", "Anjali", "Arun", "Asha", "Ashok", "Babita",
         "Bhola", "Chandan", "Deepak", "Dilip", "Geeta", "Gopal", "Hari", "Kamla", "Kiran", "Krishna", "Lalita",
         "Manoj", "Meena", "Mithilesh", "Mukesh", "Neha", "Nitish", "Pankaj", "Pooja", "Prabhat", "Priya",
         "Rajesh", "Rakesh", "Ram", "Ramesh", "Ranjit", "Ravi", "Rekha", "Rita", "Sanjay", "Santosh", "Sarita",
         "Shankar", "Sita", "Sunil", "Sunita", "Suresh", "Umesh", "Usha", "Vijay", "Vikas", "Vinod")
LAST = ("Choudhary", "Das", "Devi", "Gupta", "Jha", "Kumar", "Kumari", "Mahto", "Mandal", "Mishra", "Paswan",
        "Pandey", "Prasad", "Rai", "Ram", "Ray", "Sah", "Sahni", "Sharma", "Singh", "Sinha", "Thakur", "Tiwari",
        "Verma", "Yadav")
SUBDIVISIONS = ("Patna Sadar", "Danapur", "Barh", "Masaurhi", "Gaya Town", "Sherghati", "Muzaffarpur East",
                "Muzaffarpur West", "Bhagalpur Urban", "Kahalgaon", "Darbhanga Sadar", "Benipur", "Purnea East",
                "Katihar", "Ara", "Buxar", "Sasaram", "Begusarai", "Hajipur", "Chapra", "Siwan", "Motihari",
                "Bettiah", "Samastipur", "Madhubani", "Saharsa", "Munger", "Nalanda", "Nawada", "Jehanabad")


def consumer_no(index: int) -> str:
    """12 digits: a leading 1, a 3-digit sub-division code, an 8-digit serial (unique per index)."""
    return f"1{index % len(SUBDIVISIONS):03d}{index:08d}"


def rows(start: int, count: int, *, now: str, seed: int = 1) -> Iterator[tuple]:
    """(consumer_no, name, meter_no, subdivision, balance_paise, updated_at) for indexes start..start+count-1."""
    rng = random.Random(seed * 1_000_003 + start)
    first, last, subs = FIRST, LAST, SUBDIVISIONS
    for index in range(start, start + count):
        yield (consumer_no(index), f"{rng.choice(first)} {rng.choice(last)}", f"BR{rng.randrange(10**9):09d}",
               subs[index % len(subs)], rng.randrange(0, 500_000), now)
