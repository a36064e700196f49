"""Invented names for the demo's rosters and accounts: deterministic, never a real person on purpose."""

from __future__ import annotations

import random
from collections.abc import Iterable

__all__ = ["NameMaker"]

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Trịnh", "Mai")
MALE_MIDDLE = ("Văn", "Minh", "Đức", "Quang", "Hữu", "Xuân", "Thanh", "Mạnh", "Công", "Tiến")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Cường", "Thắng", "Long", "Sơn", "Hải", "Phong", "Khánh",
    "Quân", "Trung", "Vinh", "Tùng", "Việt", "Bình", "Kiên", "Nghĩa", "Toàn", "Hiếu",
)  # fmt: skip
FEMALE_MIDDLE = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng")
FEMALE_GIVEN = ("Hà", "Lan", "Hương", "Thảo", "Hạnh", "Yến", "Trang", "Ngân", "Phương", "Huyền", "Linh", "Mai")


class NameMaker:
    """Hands out distinct full names, the same ones on every run (seeded), about one in four female."""

    def __init__(self, seed: int = 2025) -> None:
        self._random = random.Random(seed)
        self._used: set[str] = set()

    def name(self, surnames: Iterable[str] = (), *, male: bool = False) -> str:
        """A new full name; `male` for seats that the forces hold (a rank goes with them)."""
        pool = tuple(surnames) or SURNAMES
        for _attempt in range(1000):
            if not male and self._random.random() < 0.25:
                middle, given = FEMALE_MIDDLE, FEMALE_GIVEN
            else:
                middle, given = MALE_MIDDLE, MALE_GIVEN
            full = f"{self._random.choice(pool)} {self._random.choice(middle)} {self._random.choice(given)}"
            if full not in self._used:
                self._used.add(full)
                return full
        raise RuntimeError("ran out of distinct demo names")
