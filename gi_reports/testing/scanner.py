"""A simulated office scanner: a report's PDF → page images as county offices scan them.

Pages are rendered with pypdfium2 at a chosen resolution, then degraded the ways real scans are:
skewed on the glass, sensor noise and dust, JPEG compression, a red seal stamped over the table,
a faded toner that leaves faint grid lines, and saved in gray or in black and white; or photographed, at a
slant and in uneven light. Used by the scan tests, tools/make_scans.py and benchmarks/ocr.py, so that every
figure on a page is known.
"""

import io
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# What each condition of the test bed does to a page (see `degrade`).
CONDITIONS = {
    "clean": {},
    "skewed": {"skew": 2.5},
    "noisy": {"noise": 10.0, "dust": 300},
    "jpeg": {"jpeg": 35},
    "stamped": {"stamp": True},
    "faint": {"faint": 0.35},
    "all": {"skew": -3.0, "noise": 10.0, "dust": 200, "jpeg": 50, "stamp": True, "faint": 0.55},
    "gray": {"stamp": True, "jpeg": 50, "mode": "L"},  # a gray scanner: the red seal is gray over the print
    "bilevel": {"skew": 1.5, "noise": 6.0, "mode": "1"},  # black and white, as fax-like TIFFs are
    "photo": {"keystone": 0.015, "shade": 0.5, "noise": 4.0, "jpeg": 70},  # a phone held over the page
}


def render(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def degrade(
    page: Image.Image,
    rng: random.Random,
    skew: float = 0.0,
    noise: float = 0.0,
    dust: int = 0,
    jpeg: int | None = None,
    stamp: bool = False,
    faint: float = 1.0,
    mode: str = "RGB",
    keystone: float = 0.0,
    shade: float = 0.0,
) -> Image.Image:
    """One page as scanned: ink faded to `faint` of its darkness, a red seal, skew (degrees), noise, JPEG quality,
    in colour, gray (`L`) or black and white (`1`, cut at mid-gray); or as photographed: seen at a slant (each
    corner moved by up to `keystone` of the page's width) and lit unevenly (`shade` darker at the far corner)."""
    if faint < 1.0:
        pixels = np.asarray(page, dtype=np.float32)
        page = Image.fromarray((255 - (255 - pixels) * faint).astype(np.uint8))
    if stamp:
        page = _stamp(page, rng)
    if skew:
        page = page.rotate(skew, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    if keystone:
        page = seen_at_a_slant(page, [(rng.uniform(-keystone, keystone), rng.uniform(-keystone, keystone)) for _ in range(4)])
    if shade:
        pixels = np.asarray(page, dtype=np.float32)
        h, w = pixels.shape[:2]
        y, x = np.mgrid[0:h, 0:w]
        light = 1 - shade * (0.6 * x / w + 0.4 * y / h)
        page = Image.fromarray((pixels * light[..., None]).astype(np.uint8))
    if noise or dust:
        pixels = np.asarray(page, dtype=np.float32)
        generator = np.random.default_rng(rng.randrange(2**32))
        pixels = pixels + generator.normal(0, noise, pixels.shape[:2])[..., None]
        for _ in range(dust):
            y, x = generator.integers(0, pixels.shape[0]), generator.integers(0, pixels.shape[1])
            pixels[y : y + 2, x : x + 2] = 60
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if mode == "1":
        return page.convert("L").point(lambda value: 255 if value >= 128 else 0, mode="1")
    page = page.convert(mode)
    if jpeg:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=jpeg)
        page = Image.open(io.BytesIO(buffer.getvalue())).convert(mode)
    return page


def seen_at_a_slant(page: Image.Image, moves: list[tuple[float, float]]) -> Image.Image:
    """The page seen from a little off its perpendicular: its corners (top left, top right, bottom right, bottom
    left) moved by `moves`, (across, down) in fractions of the page's width."""
    w, h = page.size
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(corners, corners + np.float32(moves) * w)
    pixels = cv2.warpPerspective(np.asarray(page), matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    return Image.fromarray(pixels)


def _stamp(page: Image.Image, rng: random.Random) -> Image.Image:
    """A red seal (ring, star, a band of text) multiplied over the page, as ink over print."""
    w, h = page.size
    radius = w // 7
    cx, cy = rng.randint(w // 3, 2 * w // 3), rng.randint(h // 3, 2 * h // 3)
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    red = (rng.randint(200, 235), rng.randint(30, 70), rng.randint(30, 70))
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(3, radius // 14))
    star = [
        (cx + r * np.cos(np.pi / 2 + k * np.pi / 5), cy - r * np.sin(np.pi / 2 + k * np.pi / 5))
        for k, r in enumerate([radius / 3, radius / 7] * 5)
    ]
    draw.polygon(star, fill=red)
    for k in range(12):  # strokes where the seal's characters would be
        angle = np.pi * (0.15 + 0.7 * k / 11)
        x, y = cx - 0.72 * radius * np.cos(angle), cy - 0.72 * radius * np.sin(angle)
        draw.rectangle((x - radius / 16, y - radius / 12, x + radius / 16, y + radius / 12), fill=red)
    seal = seal.filter(ImageFilter.GaussianBlur(1))
    return Image.fromarray((np.asarray(page, np.float32) * np.asarray(seal, np.float32) / 255).astype(np.uint8))


def scan(pdf: Path, folder: Path, dpi: int, condition: str | dict, seed: int = 0, suffix: str = ".png") -> Path:
    """Write the pages of `pdf`, scanned at `dpi` under `condition` (a name in CONDITIONS, or
    `degrade`'s settings), as page images into `folder`."""
    rng = random.Random(seed)
    settings = CONDITIONS[condition] if isinstance(condition, str) else condition
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(render(pdf, dpi), start=1):
        scanned = degrade(page, rng, **settings)
        scanned.save(folder / f"page{number}{suffix}", dpi=(dpi, dpi), **({"quality": 80} if suffix == ".jpg" else {}))
    return folder
