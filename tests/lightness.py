"""CIE L* of a colour: what a black-and-white office printer keeps of it. Shared by the PDF and deck chart tests."""
from __future__ import annotations

MIN_LIGHTNESS_STEP = 20        # CIE L* (0 black … 100 white): what a black-and-white office print still tells apart


def lightness(color: str) -> float:
    """CIE L* of an sRGB #RRGGBB colour (D65)."""
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else 24389 / 27 * y
