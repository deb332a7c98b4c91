"""The paper's split and the script that writes ``publication_data/``.

``python -m yinyang_generator.publication publication_data`` writes
``{train,validation,test}_{samples,labels}.npy`` with ``np.save`` and a ``SHA256SUMS`` file; the
files are byte-identical to the ones published with the paper.
"""

import argparse
import hashlib
import io
import os

import numpy as np

from .sampler import sample

__all__ = ["PUBLICATION_SPLITS", "npy_bytes", "publication_files", "write_publication_data"]

#: The paper's split: name -> (size, seed), default radii.
PUBLICATION_SPLITS = {"train": (5000, 42), "validation": (1000, 41), "test": (1000, 40)}


def npy_bytes(array):
    """The bytes ``np.save`` writes for ``array``."""
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def publication_files():
    """Map each published file name, e.g. ``"train_samples.npy"``, to its bytes."""
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
        handle.writelines(f"{digest}  {name}\n" for name, digest in sums.items())
    return sums


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m yinyang_generator.publication",
        description="Write the paper's split as .npy files plus SHA256SUMS.",
    )
    parser.add_argument("directory", help="output folder, e.g. publication_data")
    args = parser.parse_args(argv)
    for name, digest in write_publication_data(args.directory).items():
        print(f"{digest}  {name}")


if __name__ == "__main__":
    main()
