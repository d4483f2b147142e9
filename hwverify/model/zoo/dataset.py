"""The zoo's data sets: seeded, generated locally (no downloads), inputs on hls4ml's default input grid.

Every input array lies on the grid of ``ap_fixed<16,6>`` (multiples of 2**-10 in [-32, 32)), the
type hls4ml gives a model's input by default, so that Keras and hls4ml's C simulation see the same
numbers. Labels are integer class indices (int64).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwverify.fixed import FixedType

#: hls4ml's default input type; every zoo input is snapped to its grid.
INPUT_TYPE = FixedType.parse("ap_fixed<16,6>")

#: Digits pixels (0..16) become 5-bit codes ``min(2 * v, 31)`` with value ``code / 32``.
DIGITS_PIXEL_BITS = 5


@dataclass(frozen=True)
class Dataset:
    """Train and test arrays of one zoo entry; inputs are already on the ``ap_fixed<16,6>`` grid."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    description: str

    @property
    def n_classes(self) -> int:
        """Number of classes in the labels."""
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def snap_to_input_grid(values: np.ndarray) -> np.ndarray:
    """Values snapped (truncated) onto the ``ap_fixed<16,6>`` grid, as float32 (which holds them exactly)."""
    return INPUT_TYPE.quantize(values).astype(np.float32)


def _standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return snap_to_input_grid((train - mean) / std), snap_to_input_grid((test - mean) / std)


def iris_data(seed: int) -> Dataset:
    """scikit-learn's Iris (150 x 4, 3 classes): stratified 80/20 split, features standardised on the train split."""
    from sklearn.datasets import load_iris  # deferred: scikit-learn takes a second to import
    from sklearn.model_selection import train_test_split

    bunch = load_iris()
    x_train, x_test, y_train, y_test = train_test_split(
        bunch.data, bunch.target, test_size=0.2, stratify=bunch.target, random_state=seed
    )
    x_train, x_test = _standardise(x_train, x_test)
    return Dataset(
        x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64),
        description="scikit-learn Iris (real data): 120 train / 30 test, 4 standardised features, 3 classes",
    )


def _digits_split(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits images (n, 8, 8) with 5-bit pixel values in [0, 31/32], split 80/20 stratified."""
    from sklearn.datasets import load_digits  # deferred: scikit-learn takes a second to import
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    codes = np.minimum(2 * bunch.images.astype(np.int64), 2**DIGITS_PIXEL_BITS - 1)
    pixels = codes / 2.0**DIGITS_PIXEL_BITS
    x_train, x_test, y_train, y_test = train_test_split(
        pixels, bunch.target, test_size=0.2, stratify=bunch.target, random_state=seed
    )
    return x_train, x_test, y_train.astype(np.int64), y_test.astype(np.int64)


_DIGITS_TEXT = (
    "scikit-learn 8x8 digits (real data, 1,797 images): 1,437 train / 360 test, stratified; pixels 0..16 "
    "reduced to 5 bits as min(2v, 31)/32"
)


def digits_vector_data(seed: int) -> Dataset:
    """8x8 digits as 64-element vectors of 5-bit pixels."""
    x_train, x_test, y_train, y_test = _digits_split(seed)
    return Dataset(
        snap_to_input_grid(x_train.reshape(-1, 64)), y_train, snap_to_input_grid(x_test.reshape(-1, 64)), y_test,
        description=_DIGITS_TEXT + "; flattened to 64 features",
    )


def digits_image_data(seed: int) -> Dataset:
    """8x8x1 digits images of 5-bit pixels."""
    x_train, x_test, y_train, y_test = _digits_split(seed)
    return Dataset(
        snap_to_input_grid(x_train[..., None]), y_train, snap_to_input_grid(x_test[..., None]), y_test,
        description=_DIGITS_TEXT + "; shaped 8x8x1",
    )


SVHN_LIKE_TRAIN = 4000
SVHN_LIKE_TEST = 1000
_SVHN_NOISE_STD = 0.05


def svhn_like_data(seed: int) -> Dataset:
    """Synthetic SVHN-like 32x32x3 colour digits made from scikit-learn's 8x8 digits (no SVHN download).

    Each image: one 8x8 digit (pixels 0..16 scaled to [0, 1]) upscaled 3x by pixel repetition to 24x24,
    pasted at a random offset (0..8 rows and columns) into a 32x32 canvas; a random background colour
    ``b ~ U(0, 1)^3`` and a foreground colour ``f = (b + U(0.35, 0.65)^3) mod 1`` per image, blended as
    ``b + (f - b) * intensity``; plus Gaussian noise (std 0.05) per pixel and channel; clipped to [0, 1)
    and centred to [-0.5, 0.5) (the QKeras variant has no BatchNorm and trains much better on centred inputs).
    Training images are drawn (with replacement) from the train split of the digits and test images from
    the test split, so the test digits were never seen in training.
    """
    from sklearn.datasets import load_digits  # deferred: scikit-learn takes a second to import
    from sklearn.model_selection import train_test_split

    rng = np.random.default_rng(seed)
    bunch = load_digits()
    train_idx, test_idx = train_test_split(
        np.arange(len(bunch.target)), test_size=0.2, stratify=bunch.target, random_state=seed
    )
    picks_train = rng.choice(train_idx, SVHN_LIKE_TRAIN)
    picks_test = rng.choice(test_idx, SVHN_LIKE_TEST)
    intensity = bunch.images / 16.0
    x_train = _colour_digits(intensity[picks_train], rng)
    x_test = _colour_digits(intensity[picks_test], rng)
    return Dataset(
        x_train, bunch.target[picks_train].astype(np.int64), x_test, bunch.target[picks_test].astype(np.int64),
        description=(
            f"SYNTHETIC SVHN-like colour digits, 32x32x3: {SVHN_LIKE_TRAIN} train / {SVHN_LIKE_TEST} test images "
            "made from scikit-learn 8x8 digits (3x upscaled, random position, random background/foreground "
            "colours, Gaussian noise std 0.05), pixels in [-0.5, 0.5); not SVHN"
        ),
    )


def _colour_digits(intensity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    count = len(intensity)
    big = np.kron(intensity, np.ones((3, 3)))  # (n, 24, 24)
    background = rng.uniform(0.0, 1.0, (count, 1, 1, 3))
    foreground = np.mod(background + rng.uniform(0.35, 0.65, (count, 1, 1, 3)), 1.0)
    images = np.broadcast_to(background, (count, 32, 32, 3)).copy()
    offsets = rng.integers(0, 9, (count, 2))
    for k, (dy, dx) in enumerate(offsets):
        patch = big[k][..., None]
        images[k, dy : dy + 24, dx : dx + 24] = background[k] + (foreground[k] - background[k]) * patch
    images += rng.normal(0.0, _SVHN_NOISE_STD, images.shape)
    return snap_to_input_grid(np.clip(images, 0.0, 1.0 - INPUT_TYPE.lsb) - 0.5)


JET_FEATURES = 16
JET_CLASSES = ("g", "q", "W", "Z", "t")
JET_TRAIN = 10000
JET_TEST = 2000


def jet_like_data(seed: int) -> Dataset:
    """Synthetic jet-tagging-like data: 16 features, 5 classes named after the hls4ml tutorial (g, q, W, Z, t).

    Class ``c`` draws ``x = mu_c + A_c z`` with ``z ~ N(0, I_16)``: ``mu_c`` has independent N(0, 0.6^2)
    components and ``A_c = diag(s_c) + 0.3 R_c / 4`` (``s_c ~ U(0.6, 1.4)^16``, ``R_c`` standard normal),
    so classes differ in mean, scale and correlation and overlap enough that they are not trivially
    separable. Classes are balanced; features are standardised on the train split. Nothing here is
    physics: only the shape (16 features -> 5 classes) follows the tutorial.
    """
    rng = np.random.default_rng(seed)
    n_classes = len(JET_CLASSES)
    means = rng.normal(0.0, 0.6, (n_classes, JET_FEATURES))
    mixes = [
        np.diag(rng.uniform(0.6, 1.4, JET_FEATURES)) + 0.3 * rng.normal(size=(JET_FEATURES, JET_FEATURES)) / 4
        for _ in range(n_classes)
    ]

    def draw(count: int) -> tuple[np.ndarray, np.ndarray]:
        labels = np.arange(count) % n_classes
        rng.shuffle(labels)
        z = rng.normal(size=(count, JET_FEATURES))
        x = np.stack([means[c] + mixes[c] @ z_row for c, z_row in zip(labels, z)])
        return x, labels.astype(np.int64)
    x_train, y_train = draw(JET_TRAIN)
    x_test, y_test = draw(JET_TEST)
    x_train, x_test = _standardise(x_train, x_test)
    return Dataset(
        x_train, y_train, x_test, y_test,
        description=(
            f"SYNTHETIC jet-tagging-like features: {JET_TRAIN} train / {JET_TEST} test, 16 standardised features, "
            "5 balanced classes (g, q, W, Z, t) from class-specific Gaussians (different means, scales, "
            "correlations); not physics data"
        ),
    )
