"""The Times New Roman-metric font of the papers: Liberation Serif 2 (Debian `fonts-liberation2`,
installed by `make fonts`), registered once with reportlab.

Liberation 1.x (Debian `fonts-liberation`) lacks most Vietnamese letters (ư, ạ, ộ, Ủ…): they
would print as empty boxes, so a font folder is used only if it covers the Vietnamese alphabet.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from api.errors import Unavailable
from core.i18n import _

FAMILY = "TDKTSerif"
CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵỦỘ"
FILES = {
    "": "LiberationSerif-Regular.ttf",
    "-Bold": "LiberationSerif-Bold.ttf",
    "-Italic": "LiberationSerif-Italic.ttf",
    "-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}


@lru_cache(maxsize=8)
def covers_vietnamese(path: Path) -> bool:
    glyphs = TTFont("probe", str(path)).face.charToGlyph
    return all(ord(ch) in glyphs for ch in VIETNAMESE)


def font_dir(configured: Path | None) -> Path:
    for folder in (configured, *CANDIDATES):
        if folder is None or not all((folder / f).is_file() for f in FILES.values()):
            continue
        if covers_vietnamese(folder / FILES[""]):
            return folder
    raise Unavailable(_("msg.no_font_with_vietnamese_letters"))


@lru_cache(maxsize=4)
def register(folder: Path) -> str:
    """Register the four faces under `FAMILY`; returns the family name."""
    for suffix, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=FAMILY,
        bold=FAMILY + "-Bold",
        italic=FAMILY + "-Italic",
        boldItalic=FAMILY + "-BoldItalic",
    )
    return FAMILY
