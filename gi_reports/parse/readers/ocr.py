"""Text recognition of one cell or line image with the PP-OCR recogniser that rapidocr ships in its wheel.

We run the model ourselves (onnxruntime) rather than through rapidocr's pipeline because a
number cell must be decoded with every class but the digits masked out: a general decode reads
a lone thin 0 as U or 〇 and a 1 as 丨, and its confidence then says nothing about the digits.
"""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import cv2
import numpy as np

MODEL = "PP-OCRv6_rec_small.onnx"
HEIGHT = 48  # the recogniser's input height
INK_HEIGHT = 30  # glyphs are scaled to this height inside the 48-pixel strip, as the model was trained
NUMBER_CHARS = "0123456789.-万元"
# What a general decode makes of digits and of the marks agencies print in empty cells.
DIGIT_LOOKALIKES = frozenset("0123456789.-−—–/OoQDUu〇○口日目囗[]【】|丨lIi!1!JjyqgZzSsBb,，。·、()（）'‘’`")


# A step whose runner-up class has at least this probability may have been misread as the winner
RUNNER_UP = 0.05
_MOST_DOUBTFUL_STEPS = 4  # 2**4 paths at most per cell


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float  # the least certain character's probability, among the classes allowed
    others: tuple[str, ...] = ()  # other texts the model's doubtful steps also spell, likeliest first


class Recogniser:
    """Batches of grayscale crops → text, each decoded over the full character set or over digits only."""

    def __init__(self, threads: int = 1):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        path = files("rapidocr") / "models" / MODEL
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        characters = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.characters = ["", *characters, " "]  # CTC blank first, space last, as PaddleOCR builds it
        index = {c: i for i, c in enumerate(self.characters)}
        self.number_classes = np.array([0, *(index[c] for c in NUMBER_CHARS)])
        self.all_classes = np.arange(len(self.characters))

    def read(self, crops: list[np.ndarray]) -> list[tuple[Reading, Reading]]:
        """Two readings per crop (dark ink on white) from one run of the model: over every class, and over digits only."""
        readings: list[tuple[Reading, Reading] | None] = [None] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        for start in range(0, len(order), 16):
            batch = order[start : start + 16]
            strips = [_strip(crops[i]) for i in batch]
            width = max(s.shape[2] for s in strips)
            tensor = np.full((len(strips), 3, HEIGHT, width), 1.0, dtype=np.float32)
            for k, strip in enumerate(strips):
                tensor[k, :, :, : strip.shape[2]] = strip
            logits = self.session.run(None, {"x": tensor})[0]
            for k, i in enumerate(batch):
                steps = int(np.ceil(strips[k].shape[2] / width * logits.shape[1])) + 1
                probabilities = logits[k, :steps]
                readings[i] = (
                    self._decode(probabilities, self.all_classes),
                    self._decode(probabilities, self.number_classes, others=True),
                )
        return readings

    def _decode(self, probabilities: np.ndarray, classes: np.ndarray, others: bool = False) -> Reading:
        allowed = probabilities[:, classes]
        allowed = allowed / allowed.sum(axis=1, keepdims=True)
        best = allowed.argmax(axis=1)
        steps = _emitted(best)
        reading = self._spelt(best, steps, classes)
        confidence = float(allowed[steps, best[steps]].min(initial=1.0))
        return Reading(reading, round(confidence, 3), self._others(allowed, classes, best, reading) if others else ())

    def _others(self, allowed: np.ndarray, classes: np.ndarray, best: np.ndarray, reading: str) -> tuple[str, ...]:
        """What the best path spells with the runner-up class taken at some of its doubtful steps (a 0 that
        may be an 8, a 1 that may be nothing), likeliest first: the readings the identities may choose from."""
        steps = np.arange(len(best))
        runner_up = np.argsort(allowed, axis=1)[:, -2]
        odds = allowed[steps, runner_up] / allowed[steps, best]
        doubtful = [int(s) for s in np.argsort(-odds)[:_MOST_DOUBTFUL_STEPS] if allowed[s, runner_up[s]] >= RUNNER_UP]
        likelihood: dict[str, float] = {}
        for taken in range(1, 1 << len(doubtful)):
            path, weight = best.copy(), 1.0
            for bit, step in enumerate(doubtful):
                if taken >> bit & 1:
                    path[step], weight = runner_up[step], weight * odds[step]
            text = self._spelt(path, _emitted(path), classes)
            if text != reading:
                likelihood[text] = max(likelihood.get(text, 0.0), weight)
        return tuple(sorted(likelihood, key=lambda t: -likelihood[t]))

    def _spelt(self, path: np.ndarray, steps: np.ndarray, classes: np.ndarray) -> str:
        return "".join(self.characters[classes[c]] for c in path[steps]).strip()


def _emitted(path: np.ndarray) -> np.ndarray:
    """CTC: the steps that emit a character (not blank, not a repeat of the step before)."""
    emits = path != 0
    emits[1:] &= path[1:] != path[:-1]
    return np.flatnonzero(emits)


@cache
def recogniser() -> Recogniser:
    return Recogniser()


def looks_numeric(text: str) -> bool:
    """A general reading made of digits and their look-alikes, but for one stray mark: the cell holds a number."""
    text = text.replace(" ", "")
    alike = sum(c in DIGIT_LOOKALIKES or c in NUMBER_CHARS for c in text)
    return alike > 0 and len(text) - alike <= min(1, alike - 1)


def _strip(crop: np.ndarray) -> np.ndarray:
    """A tight crop → the model's input: ink scaled to INK_HEIGHT, centred in a 48-pixel strip, in [-1, 1]."""
    scale = INK_HEIGHT / crop.shape[0]
    width = max(1, round(crop.shape[1] * scale))
    glyphs = cv2.resize(crop, (width, INK_HEIGHT), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    pad = (HEIGHT - INK_HEIGHT) // 2
    strip = cv2.copyMakeBorder(glyphs, pad, HEIGHT - INK_HEIGHT - pad, 12, 12, cv2.BORDER_CONSTANT, value=255)
    return (strip.astype(np.float32) / 127.5 - 1.0)[None]
