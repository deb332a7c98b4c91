"""The paper's split as files, the sha256 recipe that pins it, and how to cite and find it.

``python -m yinyang_generator.publication publication_data`` writes
``{train,validation,test}_{samples,labels}.npy`` with ``np.save`` and a ``SHA256SUMS`` file; the
files are byte-identical to the ones published with the paper.

Rows are pinned by one recipe, :func:`digest`: the sha256 of the rows, each as its four inputs
(little-endian float64) followed by its label (little-endian int64), 40 bytes a row as they are
stored in Arrow. Pieces of a stream hash like the whole, so a build can check its rows as it
writes them (:func:`update_digest`).
"""

import argparse
import hashlib
import io
import os

import numpy as np

from .parameters import PUBLICATION_SPLITS
from .sampler import sample

__all__ = [
    "BIBTEX", "LICENSE", "PUBLICATION_SHA256", "UPSTREAM", "digest", "npy_bytes", "publication_files", "update_digest",
    "write_publication_data",
]

#: The published generator and data (MIT): the builder's homepage.
UPSTREAM = "https://github.com/lkriener/yin_yang_data_set"

#: SPDX identifier of the data and code, as the upstream repository's LICENSE file.
LICENSE = "MIT"

#: The paper's BibTeX entry: the builder's citation and the cards'.
BIBTEX = """\
@inproceedings{kriener2022yinyang,
  author    = {Kriener, Laura and G{\\"o}ltz, Julian and Petrovici, Mihai A.},
  title     = {The Yin-Yang dataset},
  booktitle = {Neuro-Inspired Computational Elements Conference (NICE 2022)},
  publisher = {ACM},
  year      = {2022},
  doi       = {10.1145/3517343.3517380},
}
"""

#: :func:`digest` of each split of the paper, i.e. of ``sample(size, seed)`` for each
#: ``(size, seed)`` of ``PUBLICATION_SPLITS``, and of the published ``.npy`` files (a test checks
#: both).
PUBLICATION_SHA256 = {
    "train": "3230110353b078083d87e4469b5b63f0f43489c6c746eef74ab8e2efd0991ff4",
    "validation": "a644cfd8b645309001902146f0a50b5dfb4befc767ad44534e006ecf601bbc56",
    "test": "b198646db115e0d556851f0f2cd0d642dcabee10cfd83ba09668ebccf294544a",
}


def update_digest(hasher, X, y):
    """Add the rows ``(X, y)`` to ``hasher`` (a ``hashlib`` object) in the recipe of :func:`digest`."""
    n = len(y)
    rows = np.empty((n, 40), dtype=np.uint8)
    rows[:, :32] = np.ascontiguousarray(X, dtype="<f8").reshape(n, 4).view(np.uint8)
    rows[:, 32:] = np.ascontiguousarray(y, dtype="<i8").reshape(n, 1).view(np.uint8)
    hasher.update(rows.tobytes())


def digest(X, y):
    """Return the sha256 hex digest of the rows ``(X, y)``.

    Parameters
    ----------
    X : array_like
        Inputs of shape ``(n, 4)``, hashed as little-endian float64.
    y : array_like
        Labels of shape ``(n,)``, hashed as little-endian int64.

    Returns
    -------
    str
        64 hex digits: sha256 of each row's 32 input bytes followed by its 8 label bytes.

    Examples
    --------
    >>> digest(*sample(5000, 42)) == PUBLICATION_SHA256["train"]
    True
    """
    hasher = hashlib.sha256()
    update_digest(hasher, X, y)
    return hasher.hexdigest()


def npy_bytes(array):
    """Return the bytes ``np.save`` writes for ``array``."""
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def publication_files():
    """Return ``{file name: bytes}`` of the six published files, e.g. ``"train_samples.npy"``."""
    files = {}
    for split, (size, seed) in PUBLICATION_SPLITS.items():
        X, y = sample(size, seed)
        files[f"{split}_samples.npy"] = npy_bytes(X)
        files[f"{split}_labels.npy"] = npy_bytes(y)
    return files


def write_publication_data(directory):
    """Write the six ``.npy`` files and ``SHA256SUMS`` into ``directory``; return the sums."""
    os.makedirs(directory, exist_ok=True)
    sums = {}
    for name, data in sorted(publication_files().items()):
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    with open(os.path.join(directory, "SHA256SUMS"), "w") as handle:
        handle.writelines(f"{digest_}  {name}\n" for name, digest_ in sums.items())
    return sums


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m yinyang_generator.publication",
        description="Write the paper's split as .npy files plus SHA256SUMS.",
    )
    parser.add_argument("directory", help="output folder, e.g. publication_data")
    args = parser.parse_args(argv)
    for name, digest_ in write_publication_data(args.directory).items():
        print(f"{digest_}  {name}")


if __name__ == "__main__":
    main()
