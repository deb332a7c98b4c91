"""Bit-exact, vectorized sampler of the Yin-Yang dataset (numpy only).

Installed as ``yinyang_generator``; it imports nothing beyond numpy, so it works without
``datasets``, ``torch`` or ``jax``:

>>> from yinyang_generator import sample
>>> X, y = sample(5000, seed=42)          # the paper's training split
>>> X.shape, X.dtype, y.dtype
((5000, 4), dtype('float64'), dtype('int64'))

Modules: ``sampler`` (``sample``, ``iter_chunks``), ``dataset`` (``YinYangDataset``, the
published class, drop-in), ``parameters`` (the dataset's eight
parameters and the paper's split), ``publication`` (the published files and their sha256),
``spikes`` (time-to-first-spike encodings); ``_engine`` and ``_checks`` are internal.
"""

from .dataset import YinYangDataset
from .parameters import PARAMETERS, PUBLICATION_PARAMETERS, PUBLICATION_SPLITS, SPLITS
from .sampler import CLASS_NAMES, R_BIG, R_SMALL, iter_chunks, sample
from .spikes import SpikeEncoder, spike_raster, spike_times

__all__ = [
    "CLASS_NAMES", "PARAMETERS", "PUBLICATION_PARAMETERS", "PUBLICATION_SPLITS", "R_BIG",
    "R_SMALL", "SPLITS", "SpikeEncoder", "YinYangDataset", "iter_chunks", "sample", "spike_raster",
    "spike_times",
]
