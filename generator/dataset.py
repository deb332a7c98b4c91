"""``YinYangDataset``: the published per-sample class, drop-in, bit-exact and fast (numpy only).

The paper's code ships ``dataset.py`` with a PyTorch map-style dataset; research code copies it
as ``from dataset import YinYangDataset``. This class keeps its signature, attributes, methods
(``which_class``, the dot distances, ``+``) and item types, so the published set-up runs
unchanged after ``from yinyang_generator import YinYangDataset``::

    dataset_train = YinYangDataset(size=5000, seed=42)
    dataset_validation = YinYangDataset(size=1000, seed=41)
    dataset_test = YinYangDataset(size=1000, seed=40)
    train_loader = DataLoader(dataset_train, batch_size=20, shuffle=True)

What differs: the rows come from :func:`yinyang_generator.sample` (the same bytes, about 50 times
faster to make), the parameters are checked up front with the same errors as ``sample``, and
torch is not needed: ``torch.utils.data.DataLoader`` takes any object with ``__getitem__`` and
``__len__`` (and uses ``__getitems__`` for a batch at once). Not kept: ``rng`` and
``get_sample`` (the random state after the rows, which the fast sampler does not track),
``seed=None`` (refused: the rows could not be made again), and being a subclass of torch's
``Dataset``.
"""

import operator

import numpy as np

from ._checks import INSTALL_HINTS, check_seed, describe
from .sampler import CLASS_NAMES, R_BIG, R_SMALL, sample

__all__ = ["YinYangDataset"]


class YinYangDataset:
    """The Yin-Yang dataset as a map-style dataset with the published class's interface.

    Parameters
    ----------
    r_small, r_big : float
        Radius of the dots and of the whole symbol (the paper's 0.1 and 0.5).
    size : int
        Number of samples.
    seed : int
        Seed of the published stream; different splits need different seeds (the same seed
        gives the same rows).
    transform : callable or None
        Applied to each ``(sample, label)`` pair; its result is the item.

    Items are ``(sample, label)``: ``sample`` a new float64 array ``(x1, y1, 1 - x1, 1 - y1)``
    of shape ``(4,)``, ``label`` an ``int`` (0 yin, 1 yang, 2 dot), as published.

    Examples
    --------
    >>> dataset = YinYangDataset(size=5000, seed=42)
    >>> len(dataset), dataset.class_names
    (5000, ['yin', 'yang', 'dot'])
    >>> sample_, label = dataset[17]
    >>> sample_.shape, sample_.dtype, type(label)
    ((4,), dtype('float64'), <class 'int'>)
    """

    def __init__(self, r_small=R_SMALL, r_big=R_BIG, size=1000, seed=42, transform=None):
        if transform is not None and not callable(transform):
            raise TypeError(f"'transform' must be callable or None, got {describe(transform)}.")
        self._inputs, labels = sample(size, seed, r_small=r_small, r_big=r_big)
        self._labels = labels.tolist()
        self.r_small, self.r_big = float(r_small), float(r_big)
        self.seed = check_seed("seed", seed)
        self.transform = transform
        self.class_names = list(CLASS_NAMES)

    def __len__(self):
        return len(self._labels)

    def __getitem__(self, index):
        try:
            index = operator.index(index)
        except TypeError:
            raise TypeError(f"'index' must be an int, got {describe(index)}.") from None
        item = (self._inputs[index].copy(), self._labels[index])
        return self.transform(item) if self.transform is not None else item

    def __getitems__(self, indices):
        """Return the items at ``indices`` as a list: the batch a ``DataLoader`` asks for."""
        labels = self._labels
        items = list(zip(self._inputs[indices], [labels[i] for i in indices]))
        if self.transform is not None:
            items = [self.transform(item) for item in items]
        return items

    def which_class(self, x, y):
        """The label of the point ``(x, y)`` inside the big circle, by the published formulas:
        0 yin, 1 yang, 2 dot (the label of row ``(x, y, 1 - x, 1 - y)``)."""
        d_right = self.dist_to_right_dot(x, y)
        d_left = self.dist_to_left_dot(x, y)
        criterion1 = d_right <= self.r_small
        criterion2 = d_left > self.r_small and d_left <= 0.5 * self.r_big
        criterion3 = y > self.r_big and d_right > 0.5 * self.r_big
        is_yin = criterion1 or criterion2 or criterion3
        is_circles = d_right < self.r_small or d_left < self.r_small
        if is_circles:
            return 2
        return int(is_yin)

    def dist_to_right_dot(self, x, y):
        """Distance of ``(x, y)`` to the centre of the right dot (published formula)."""
        return np.sqrt((x - 1.5 * self.r_big) ** 2 + (y - self.r_big) ** 2)

    def dist_to_left_dot(self, x, y):
        """Distance of ``(x, y)`` to the centre of the left dot (published formula)."""
        return np.sqrt((x - 0.5 * self.r_big) ** 2 + (y - self.r_big) ** 2)

    def __add__(self, other):
        """``self + other``: torch's ``ConcatDataset``, as the published class (a torch
        ``Dataset``) gives; needs torch."""
        try:
            from torch.utils.data import ConcatDataset
        except ModuleNotFoundError:
            raise ModuleNotFoundError(
                "YinYangDataset + other makes a torch ConcatDataset, as the published class does, "
                f"and torch is not installed: {INSTALL_HINTS['torch']}", name="torch") from None
        return ConcatDataset([self, other])

    def __iter__(self):
        for index in range(len(self._labels)):
            yield self[index]

    def __repr__(self):
        return (f"YinYangDataset(r_small={self.r_small!r}, r_big={self.r_big!r}, "
                f"size={len(self)}, seed={self.seed!r}, transform={self.transform!r})")
