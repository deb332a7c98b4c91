"""The Yin-Yang dataset as a Hugging Face ``datasets`` builder.

Once the distribution is installed, ``datasets.load_dataset`` knows the name ``"yinyang"`` in
every process (a start-up hook, ``yinyang_tools._autoload``, resolves it to this module);
importing this module does the same where the hook is off (``YINYANG_NO_AUTOLOAD=1``):

>>> import yinyang
>>> from datasets import load_dataset
>>> ds = load_dataset("yinyang", size=5000)          # the paper's split by default
>>> X, y = yinyang.to_numpy(ds["train"])             # exact float64 / int64 arrays
>>> X.shape, y.shape
((5000, 4), (5000,))

The rows come from ``yinyang_generator`` (numpy only), bit-exact with the published generator.
On ``datasets`` < 4 this file also works as a loading script:
``load_dataset("path/to/yinyang.py", trust_remote_code=True)``.
"""

import copy
import dataclasses
import functools
import glob
import hashlib
import importlib.metadata
import inspect
import os
import re
import shutil
import sys
import warnings

import datasets
import numpy as np
import pyarrow as pa
from yinyang_generator import (CLASS_NAMES, PARAMETERS, PUBLICATION_PARAMETERS, SPLITS,
                               YinYangDataset, iter_chunks)
from yinyang_generator._checks import (INSTALL_HINTS, check_count, describe,
                                       expected_words_per_sample)
from yinyang_generator.parameters import check_parameters, unknown_parameter
from yinyang_generator.publication import BIBTEX as _CITATION
from yinyang_generator.publication import LICENSE as _LICENSE
from yinyang_generator.publication import UPSTREAM as _HOMEPAGE
from yinyang_generator.publication import PUBLICATION_SHA256, update_digest

__all__ = ["YinYang", "YinYangConfig", "YinYangDataset", "iter_numpy", "to_numpy", "to_torch"]

_DESCRIPTION = """\
The Yin-Yang dataset: points (x1, y1) in a yin-yang symbol, each with its mirror (1 - x1, 1 - y1),
labelled yin, yang or dot. Small enough for tiny networks, yet a shallow classifier reaches only
~64% while a hidden layer reaches ~98% (Kriener, Goeltz, Petrovici 2022). Generated on the fly,
bit-exact with the published generator; `size`, seeds and radii are parameters.
"""

# What yinyang does with each keyword a builder may be given besides the eight parameters: those
# load_dataset_builder passes (datasets 3.6, 4.0, 5.2), the others of DatasetBuilder.__init__, and
# "name" and "version" (fields of BuilderConfig). Every other keyword is refused by name, so that
# no keyword -- not even one a future datasets adds -- can bypass the parameter checks or the key.
# Passed on: where the cache lives, how Arrow is written, credentials; none touches rows or key.
_PASSED_KEYWORDS = frozenset(["cache_dir", "dataset_name", "base_path", "token", "repo_id",
                              "storage_options", "writer_batch_size"])
# Replaced: yinyang computes its own cache hash and info.
_REPLACED_KEYWORDS = frozenset(["hash", "info"])
# Checked here, then passed on or dropped.
_CHECKED_KEYWORDS = frozenset(["config_name", "name", "version", "features", "data_files",
                               "data_dir"])
_DATASETS_KEYWORDS = {
    name: p for name, p in inspect.signature(datasets.DatasetBuilder.__init__).parameters.items()
    if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and name != "self"
}
_DATASET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

# Rows the builder writes at a time: at most 65536, and at most _PIECE_WORDS random words.
_PIECE_ROWS = 65536
_PIECE_WORDS = 2**26

_FEATURES = datasets.Features({
    "inputs": datasets.Sequence(datasets.Value("float64"), length=4),
    "label": datasets.ClassLabel(names=list(CLASS_NAMES)),
})


@dataclasses.dataclass
class YinYangConfig(datasets.BuilderConfig):
    """Parameters of one Yin-Yang dataset; the defaults give the paper's split.

    A split whose size is 0 is left out of the dataset (and its seed is not checked for overlap).
    """

    size: int = PUBLICATION_PARAMETERS["size"]
    validation_size: int = PUBLICATION_PARAMETERS["validation_size"]
    test_size: int = PUBLICATION_PARAMETERS["test_size"]
    train_seed: int = PUBLICATION_PARAMETERS["train_seed"]
    validation_seed: int = PUBLICATION_PARAMETERS["validation_seed"]
    test_seed: int = PUBLICATION_PARAMETERS["test_seed"]
    r_small: float = PUBLICATION_PARAMETERS["r_small"]
    r_big: float = PUBLICATION_PARAMETERS["r_big"]

    def __post_init__(self):
        super().__post_init__()
        self._check()

    def _check(self):
        for name, value in check_parameters(**self.parameters()).items():
            setattr(self, name, value)

    def parameters(self):
        """Return the eight parameters as a dict of canonical ints and floats."""
        return {name: getattr(self, name) for name in PARAMETERS}

    def create_config_id(self, config_kwargs, custom_features=None):
        """Return the cache key of this config: its name, plus its parameters if not the defaults.

        ``datasets`` applies keyword overrides with ``setattr`` (silently skipping ``None``)
        before calling this, so the overrides are checked here, before any work is done.
        """
        for key, value in config_kwargs.items():
            if key in ("name", "version"):
                continue
            if key not in PARAMETERS:
                raise unknown_parameter(key)
            setattr(self, key, value)
        _check_features(custom_features)
        self._check()
        registered = YinYang.builder_configs[self.name].parameters()
        if self.name == "publication" and self.parameters() != registered:
            changed = [k for k, v in self.parameters().items() if v != registered[k]]
            raise ValueError(
                f"The 'publication' config is the paper's fixed split; {changed[0]!r} cannot be "
                f"changed (got {getattr(self, changed[0])!r}). Pass parameters to the 'default' "
                "config instead: load_dataset('yinyang', size=...)."
            )
        changed = {k: v for k, v in self.parameters().items() if v != registered[k]}
        if not changed:
            return self.name
        suffix = ",".join(f"{k}={v!r}" for k, v in sorted(changed.items()))
        if len(suffix) > 32:
            suffix = hashlib.sha256(suffix.encode()).hexdigest()[:16]
        return f"{self.name}-{suffix}"


def _check_features(features):
    """Refuse ``features`` other than None or the dataset's own."""
    if features is not None and features != _FEATURES:
        raise ValueError(
            "'features' cannot be changed for yinyang (inputs: 4 x float64, label: ClassLabel); "
            "cast the loaded dataset instead."
        )


def _check_cache_dir(cache_dir):
    """Return ``cache_dir`` as a str after checking it is, or can become, a folder."""
    try:
        path = os.fspath(cache_dir)
    except TypeError:
        path = None
    if not isinstance(path, str):
        raise TypeError(f"'cache_dir' must be a folder path (str or os.PathLike), got "
                        f"{describe(cache_dir)}.")
    if "://" in path:
        return path
    existing = os.path.abspath(os.path.expanduser(path))
    while not os.path.exists(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise NotADirectoryError(
            f"'cache_dir' must be a folder, got {path!r}, where {existing!r} is a file; pass "
            "another folder."
        )
    return path


def _one_line(error):
    """The message of ``error`` on one line."""
    return " ".join(str(error).split()) or type(error).__name__


def _not_writable(cache_dir):
    """Return the PermissionError for a cache folder (None: datasets' default) one cannot write."""
    folder = str(datasets.config.HF_DATASETS_CACHE) if cache_dir is None else os.fspath(cache_dir)
    return PermissionError(
        f"'cache_dir' must be a folder you can write, got {folder!r}: datasets takes a lock file "
        "there even to load a finished build or to stream; pass another cache_dir, or load a "
        "finished build's Arrow files with datasets.Dataset.from_file."
    )


def _check_disk_space(output_dir, info):
    """Raise OSError if the disk holding ``output_dir`` has less room than ``info.size_in_bytes``.

    Nothing is checked for a finished build (datasets reuses it) or a remote ``output_dir``.
    datasets checks too (``size_in_bytes`` is declared), but only after it has made the cache
    folders and a lock file, and its message names neither the rows nor what to change.
    """
    path = os.fspath(output_dir)
    if "://" in path or os.path.exists(os.path.join(path, datasets.config.DATASET_INFO_FILENAME)):
        return
    existing = os.path.abspath(path)
    while not os.path.isdir(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return
    if info.size_in_bytes >= free:
        rows = sum(split.num_examples for split in info.splits.values())
        raise OSError(
            f"Not enough disk space for this yinyang build: {rows:,} rows need "
            f"{info.size_in_bytes:,} bytes in {existing}, which has {free:,} bytes free; lower "
            "'size', 'validation_size' or 'test_size', or pass another cache_dir."
        )


def _source_digest():
    """Return the sha256 of the source of this module and of every module of yinyang_generator."""
    import yinyang_generator

    folder = os.path.dirname(yinyang_generator.__file__)
    paths = [__file__] + sorted(os.path.join(folder, name) for name in os.listdir(folder)
                                if name.endswith(".py"))
    hasher = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as source:
            code = source.read()
        hasher.update(f"{os.path.basename(path)} {len(code)}\n".encode())
        hasher.update(code)
    return hasher.hexdigest()


# Read once, at import: the key describes the code that runs, even if the files change later.
_SOURCE_DIGEST = _source_digest()


def _cache_hash():
    """Return the last component of the cache path: changes with this package's version, the
    source of the builder and the sampler, and datasets' major version.

    A cache written by datasets 4+ crashes a 3.x reader, and a new version or an edit (in an
    editable install) of the builder or of yinyang_generator may change the rows, so none of
    them may read the others' caches.
    """
    try:
        package = importlib.metadata.version("yinyang-dataset")
    except importlib.metadata.PackageNotFoundError:
        package = "unknown"
    major = datasets.__version__.split(".")[0]
    key = f"yinyang-dataset {package}; datasets {major}; {_SOURCE_DIGEST}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _builder_keywords(args, kwargs):
    """Return ``(keywords for DatasetBuilder.__init__, parameters, (config id, parameters))``,
    the last as datasets must make them.

    Checks every keyword (see ``_PASSED_KEYWORDS``) and the parameters, raising TypeError or
    ValueError naming the first one refused.
    """
    positional = [name for name, p in _DATASETS_KEYWORDS.items()
                  if p.kind is p.POSITIONAL_OR_KEYWORD][:len(args)]
    if len(positional) < len(args):
        raise TypeError(f"YinYang takes at most {len(positional)} positional arguments, got "
                        f"{len(args)}; pass keyword arguments, e.g. YinYang(size=...).")
    for name, value in zip(positional, args):
        if name in kwargs:
            raise TypeError(f"YinYang got multiple values for {name!r}.")
        kwargs[name] = value
    allowed = set(PARAMETERS) | _PASSED_KEYWORDS | _REPLACED_KEYWORDS | _CHECKED_KEYWORDS
    for key in kwargs:
        if key in allowed:
            continue
        if kwargs[key] is None and getattr(_DATASETS_KEYWORDS.get(key), "default", ...) is None:
            continue  # datasets' default: the same as leaving it out
        if key in _DATASETS_KEYWORDS:
            raise ValueError(
                f"'{key}' is a keyword of datasets.DatasetBuilder that yinyang does not take (it "
                f"could bypass the parameter checks or the cache key); leave it out, got "
                f"{describe(kwargs[key])}."
            )
        raise unknown_parameter(key)
    parameters = {key: kwargs.pop(key) for key in PARAMETERS if key in kwargs}
    passed = {key: kwargs[key] for key in _PASSED_KEYWORDS if key in kwargs}

    name, config_name = kwargs.get("name"), kwargs.get("config_name")
    if name is not None and config_name is not None and name != config_name:
        raise ValueError(f"'name' and 'config_name' both name the config; give one, got "
                         f"name={name!r}, config_name={config_name!r}.")
    if config_name is None:
        config_name = YinYang.DEFAULT_CONFIG_NAME if name is None else name
    if not isinstance(config_name, str) or config_name not in YinYang.builder_configs:
        raise ValueError(
            "'config_name' (load_dataset's 'name') must be "
            f"{' or '.join(repr(c) for c in YinYang.builder_configs)}, got {describe(config_name)}."
        )
    version = kwargs.get("version")
    if version is not None and str(version) != str(YinYang.VERSION):
        raise ValueError(
            f"'version' must be '{YinYang.VERSION}' (the only version of the yinyang builder; "
            f"leave it out), got {describe(version)}."
        )
    for key in ("data_dir", "data_files"):
        if kwargs.get(key) is not None:
            raise ValueError(
                f"'{key}' must be None: yinyang makes its rows from parameters, not files; "
                f"got {kwargs[key]!r}."
            )
    _check_features(kwargs.get("features"))
    dataset_name = passed.get("dataset_name")
    if dataset_name is not None and not (isinstance(dataset_name, str)
                                         and _DATASET_NAME.fullmatch(dataset_name)):
        raise ValueError(
            "'dataset_name' must be None or a name of letters, digits, '_', '.' and '-' (it names "
            f"a cache folder), got {describe(dataset_name)}."
        )
    if passed.get("writer_batch_size") is not None:
        passed["writer_batch_size"] = check_count("writer_batch_size", passed["writer_batch_size"],
                                                  minimum=1)
    if passed.get("cache_dir") is not None:
        passed["cache_dir"] = _check_cache_dir(passed["cache_dir"])
    config = copy.deepcopy(YinYang.builder_configs[config_name])
    config_id = config.create_config_id(parameters)
    # Infos depend on the parameters: never take a stored one (datasets 3.x passes the
    # dataset_infos.json entry of the config name even when parameters are overridden).
    passed.update(config_name=config_name, hash=_cache_hash(), info=None)
    return passed, parameters, (config_id, config.parameters())


class YinYang(datasets.ArrowBasedBuilder):
    """The Yin-Yang dataset; ``YinYang(size=...).download_and_prepare()`` works without the hook."""

    VERSION = datasets.Version("1.0.0")
    BUILDER_CONFIG_CLASS = YinYangConfig
    BUILDER_CONFIGS = [
        YinYangConfig(name="default", version=VERSION,
                      description="Any sizes, seeds and radii; defaults are the paper's split."),
        YinYangConfig(name="publication", version=VERSION,
                      description="The paper's split, fixed and checked against its sha256."),
    ]
    DEFAULT_CONFIG_NAME = "default"

    def __init__(self, *args, **kwargs):
        # Everything is checked before datasets makes any folder or lock (see _PASSED_KEYWORDS).
        kwargs, parameters, expected = _builder_keywords(args, kwargs)
        try:
            super().__init__(**kwargs, **parameters)
        except PermissionError as error:
            raise _not_writable(kwargs.get("cache_dir")) from error
        if (self.config_id, self.config.parameters()) != expected:
            raise RuntimeError(
                f"datasets {datasets.__version__} made the yinyang config {self.config_id!r} "
                f"instead of {expected[0]!r}; please report this."
            )

    def download_and_prepare(self, output_dir=None, download_config=None, download_mode=None,
                             *args, **kwargs):
        """Build into ``output_dir`` (default: the cache) as datasets does; refuse up front a build
        the disk cannot hold, before datasets creates any folder or lock there, and rebuild, with
        a warning, a cached 'publication' build that no longer matches the paper's digests."""
        folder = self.cache_dir if output_dir is None else os.fspath(output_dir)
        _check_disk_space(folder, self.info)
        mode = datasets.DownloadMode(download_mode or datasets.DownloadMode.REUSE_DATASET_IF_EXISTS)
        if (self.config.name == "publication" and "://" not in folder
                and mode is datasets.DownloadMode.REUSE_DATASET_IF_EXISTS
                and kwargs.get("file_format", "arrow") == "arrow"
                and os.path.exists(os.path.join(folder, datasets.config.DATASET_INFO_FILENAME))):
            problem = self._publication_problem(folder)
            if problem is not None:
                warnings.warn(f"The cached 'publication' dataset in {folder} {problem}; "
                              "rebuilding it.", stacklevel=_caller_stacklevel())
                download_mode = datasets.DownloadMode.FORCE_REDOWNLOAD
        try:
            return super().download_and_prepare(output_dir, download_config, download_mode, *args,
                                                **kwargs)
        except PermissionError as error:
            if output_dir is not None:
                raise
            raise _not_writable(self._cache_dir_root) from error

    def as_dataset(self, split=None, *args, **kwargs):
        """Return the built split(s) as datasets does; a build that cannot be read, or a
        'publication' build that does not match the paper's digests (checked on every call,
        about a millisecond), raises OSError naming the remedy, download_mode='force_redownload'."""
        remedy = "load it again with download_mode='force_redownload' to rebuild it."
        finished = os.path.exists(os.path.join(self._output_dir,
                                               datasets.config.DATASET_INFO_FILENAME))
        try:
            dataset = super().as_dataset(split, *args, **kwargs)
        except (OSError, pa.ArrowException) as error:
            if not finished:
                raise
            raise OSError(f"The cached yinyang dataset in {self._output_dir} cannot be read "
                          f"({_one_line(error)}); {remedy}") from error
        if self.config.name == "publication":
            problem = self._publication_problem(self._output_dir)
            if problem is not None:
                raise OSError(f"The cached 'publication' dataset in {self._output_dir} {problem}; "
                              f"{remedy}")
        return dataset

    def _publication_problem(self, folder):
        """Return what is wrong with the Arrow files of the publication build in ``folder``
        ("does not match the paper's sha256 digests", "cannot be read (...)"), or None."""
        for split, expected in PUBLICATION_SHA256.items():
            prefix = os.path.join(glob.escape(folder), f"{self.dataset_name}-{split}")
            paths = sorted(glob.glob(prefix + ".arrow") + glob.glob(prefix + "-*-of-*.arrow"))
            hasher = hashlib.sha256()
            try:
                if not paths:
                    raise FileNotFoundError(f"no Arrow file of the {split!r} split")
                for path in paths:
                    with pa.memory_map(path) as source:
                        update_digest(hasher, *_arrays(pa.ipc.open_stream(source).read_all()))
            except (OSError, ValueError, TypeError, pa.ArrowException) as error:
                return f"cannot be read ({_one_line(error)})"
            if hasher.hexdigest() != expected:
                return "does not match the paper's sha256 digests"
        return None

    def get_exported_dataset_info(self):
        """Return an empty ``DatasetInfo``: ``_info`` is complete, and a stored one may be stale.

        datasets 3.x would read dataset_infos.json or README.md beside this module, and crash on
        the features spelling that datasets 4+ writes there.
        """
        return datasets.DatasetInfo()

    def _info(self):
        # Declared split sizes are checked after a build. Every row takes 40 bytes in Arrow:
        # 4 float64 inputs and an int64 label.
        splits = datasets.SplitDict(dataset_name="yinyang")
        for split, (size_name, _) in SPLITS.items():
            size = getattr(self.config, size_name)
            if size > 0:
                splits.add(datasets.SplitInfo(name=split, num_bytes=40 * size, num_examples=size,
                                              dataset_name="yinyang"))
        # download_size 0 and size_in_bytes: datasets refuses a build the disk cannot hold only
        # when size_in_bytes is declared.
        dataset_size = sum(info.num_bytes for info in splits.values())
        return datasets.DatasetInfo(
            description=_DESCRIPTION,
            features=_FEATURES.copy(),
            supervised_keys=("inputs", "label"),
            homepage=_HOMEPAGE,
            citation=_CITATION,
            license=_LICENSE,
            splits=splits,
            download_size=0,
            dataset_size=dataset_size,
            size_in_bytes=dataset_size,
        )

    def _split_generators(self, dl_manager):
        return [
            datasets.SplitGenerator(
                name=split,
                gen_kwargs={"split": split, "size": getattr(self.config, size_name),
                            "seed": getattr(self.config, seed_name)},
            )
            for split, (size_name, seed_name) in SPLITS.items()
            if getattr(self.config, size_name) > 0
        ]

    def _generate_tables(self, split, size, seed):
        expected = PUBLICATION_SHA256[split] if self.config.name == "publication" else None
        hasher = hashlib.sha256()
        schema = self.info.features.arrow_schema
        # Pieces of at most _PIECE_WORDS expected words (about a second): datasets' progress bar,
        # which counts the rows of each piece, moves even when small dots make samples slow.
        words = expected_words_per_sample(self.config.r_small, self.config.r_big)
        rows = max(1, min(_PIECE_ROWS, int(_PIECE_WORDS / words)))
        chunks = iter_chunks(size, seed, r_small=self.config.r_small, r_big=self.config.r_big,
                             chunk_size=rows)
        for index, (X, y) in enumerate(chunks):
            if expected:
                update_digest(hasher, X, y)
            inputs = pa.FixedSizeListArray.from_arrays(pa.array(X.reshape(-1)), 4)
            yield index, pa.Table.from_arrays([inputs, pa.array(y)], schema=schema)
        if expected and hasher.hexdigest() != expected:
            raise RuntimeError(
                f"The generated '{split}' split does not match the paper's sha256 digest; "
                "the sampler is broken. Please report this."
            )


def to_numpy(dataset):
    """Return the exact arrays of a split, or of a batch of one.

    Unlike ``with_format("numpy")`` and ``with_format("torch")``, which cast float64 to float32.
    A split holding a missing value, or cast away from float64 inputs, is refused (TypeError or
    ValueError naming 'dataset').

    Parameters
    ----------
    dataset : datasets.Dataset or pyarrow.Table or pyarrow.RecordBatch
        One split of a built dataset, e.g. ``load_dataset("yinyang")["train"]``, any selection
        of its rows, or an Arrow batch (as ``.with_format("arrow").iter(batch_size=...)``
        yields, also from a streaming split).

    Returns
    -------
    X : numpy.ndarray
        float64 of shape ``(n, 4)``, writable (a copy: the cache stays untouched).
    y : numpy.ndarray
        int64 of shape ``(n,)``, writable.

    Examples
    --------
    >>> from datasets import load_dataset
    >>> X, y = to_numpy(load_dataset("yinyang")["train"])
    >>> X.dtype, y.dtype, X.shape, X.flags.writeable
    (dtype('float64'), dtype('int64'), (5000, 4), True)
    """
    if isinstance(dataset, datasets.Dataset):
        table = dataset.with_format("arrow")[:]
    elif isinstance(dataset, (pa.Table, pa.RecordBatch)):
        table = dataset
    else:
        raise TypeError(
            "'dataset' must be one split of a built dataset (a datasets.Dataset, e.g. "
            f"ds['train']) or an Arrow batch of one, got {type(dataset).__name__}; for a "
            "streaming split, use yinyang.iter_numpy(split, batch_size=...)."
        )
    return _arrays(table)


def _arrays(table):
    """Return writable ``(X, y)`` of a pyarrow Table or RecordBatch of yinyang rows; TypeError
    or ValueError naming 'dataset' if a value is missing or not exact (float64 inputs, 4 a row;
    integer labels)."""
    inputs = table.column("inputs")
    if isinstance(inputs, pa.ChunkedArray):
        inputs = inputs.combine_chunks()
    labels = table.column("label")
    kind = inputs.type
    if not (pa.types.is_fixed_size_list(kind) and kind.list_size == 4
            or pa.types.is_list(kind) or pa.types.is_large_list(kind)) \
            or not pa.types.is_float64(kind.value_type):
        raise TypeError(
            "'dataset' column 'inputs' must hold float64 values, 4 a row, got "
            f"{kind}; use the split as loaded, not cast (to_numpy returns its exact float64 rows)."
        )
    if not pa.types.is_integer(labels.type):
        raise TypeError(
            f"'dataset' column 'label' must hold integers, got {labels.type}; use the split as "
            "loaded, not cast."
        )
    for name, column in (("inputs", inputs), ("inputs", inputs.flatten()), ("label", labels)):
        if column.null_count:
            raise ValueError(
                f"'dataset' must have no missing values, got {column.null_count} null in "
                f"'{name}'; drop those rows (e.g. with .filter) or load the split again."
            )
    if not pa.types.is_fixed_size_list(kind):
        lengths = np.diff(inputs.offsets.to_numpy())
        if np.any(lengths != 4):
            raise ValueError(
                "'dataset' column 'inputs' must hold 4 values a row, got a row of "
                f"{lengths[lengths != 4][0]}."
            )
    X = np.array(inputs.flatten().to_numpy(zero_copy_only=False), dtype=np.float64).reshape(-1, 4)
    y = np.array(labels.to_numpy(), dtype=np.int64)
    return X, y


def iter_numpy(dataset, batch_size=65_536):
    """Yield the exact ``(X, y)`` arrays of a split, ``batch_size`` rows at a time.

    Parameters
    ----------
    dataset : datasets.Dataset or datasets.IterableDataset
        One split, built or streaming (``load_dataset("yinyang", ..., streaming=True)``).
    batch_size : int
        Rows per batch (the last may be shorter).

    Returns
    -------
    iterator of (X, y)
        float64 ``(n, 4)`` and int64 ``(n,)`` arrays, as :func:`to_numpy` gives them, read
        through Arrow batches: as fast as ``with_format("arrow")`` and exact, unlike
        ``with_format("numpy")``.

    Examples
    --------
    >>> from datasets import load_dataset
    >>> stream = load_dataset("yinyang", size=10_000, split="train", streaming=True)
    >>> [len(y) for _, y in iter_numpy(stream, batch_size=4096)]
    [4096, 4096, 1808]
    """
    if not isinstance(dataset, (datasets.Dataset, datasets.IterableDataset)):
        raise TypeError(
            "'dataset' must be one split (a datasets.Dataset or datasets.IterableDataset, e.g. "
            f"ds['train']), got {type(dataset).__name__}."
        )
    batch_size = check_count("batch_size", batch_size, minimum=1)
    batches = dataset.with_format("arrow").iter(batch_size=batch_size)
    return (to_numpy(batch) for batch in batches)


def to_torch(dataset, dtype=None):
    """Return a split as a PyTorch map-style dataset of ``(inputs, label)`` tensors.

    Needs torch (the ``torch`` extra). The items are what ``TensorDataset`` gives, so a
    ``DataLoader`` yields ``(inputs, labels)`` batches as the published code expects
    (``for data, target in loader``); a batch is fetched at once.

    Parameters
    ----------
    dataset : datasets.Dataset or pyarrow.Table
        One split of a built dataset (see :func:`to_numpy`).
    dtype : torch.dtype or None
        Of the inputs: ``torch.float32`` by default (the published training casts to it),
        ``torch.float64`` for the exact values.

    Returns
    -------
    torch.utils.data.TensorDataset
        Inputs ``(n, 4)`` of ``dtype``, labels ``(n,)`` int64.

    Examples
    --------
    >>> from datasets import load_dataset
    >>> from torch.utils.data import DataLoader
    >>> train = to_torch(load_dataset("yinyang", split="train"))
    >>> data, target = next(iter(DataLoader(train, batch_size=20, shuffle=True)))
    >>> data.shape, data.dtype, target.dtype
    (torch.Size([20, 4]), torch.float32, torch.int64)
    """
    try:
        import torch
    except ModuleNotFoundError as error:
        if error.name != "torch":
            raise
        raise ModuleNotFoundError(f"to_torch needs PyTorch (the 'torch' extra): {INSTALL_HINTS['torch']}",
                                  name="torch") from None
    dtype = torch.float32 if dtype is None else dtype
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"'dtype' must be a floating torch.dtype, got {describe(dtype)}.")
    X, y = to_numpy(dataset)
    return _tensor_dataset(torch)(torch.from_numpy(X).to(dtype), torch.from_numpy(y))


@functools.cache
def _tensor_dataset(torch):
    """``TensorDataset`` that also fetches a batch at once (``DataLoader`` calls ``__getitems__``)."""

    class YinYangTensors(torch.utils.data.TensorDataset):
        def __getitems__(self, indices):
            indices = torch.as_tensor(indices)
            return list(zip(*(tensor[indices].unbind(0) for tensor in self.tensors)))

    return YinYangTensors


def _dataset_module():
    """Return what ``dataset_module_factory("yinyang")`` answers: this module, with its cache key.

    Used by ``_register`` and by the start-up hook ``yinyang_tools._autoload``.
    """
    return sys.modules["datasets.load"].DatasetModule(
        module_path="yinyang", hash=_cache_hash(), builder_kwargs={"dataset_name": "yinyang"}
    )


def _caller_stacklevel():
    """The ``stacklevel`` that points a warning at the first caller outside datasets and us."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] in (
            "datasets", "yinyang", "yinyang_tools"):
        frame, level = frame.f_back, level + 1
    return level


def _local_folder_wins(path):
    """True (with a warning) if ``path`` is a folder with visible entries: datasets loads it then,
    as for any local path. An empty folder holds nothing to load, so the name keeps its meaning.

    Used by both wrappers of ``dataset_module_factory`` (``_register`` and the start-up hook).
    """
    try:
        if not any(not name.startswith(".") for name in os.listdir(path)):
            return False
    except OSError:  # not a folder, or not readable: the name keeps its meaning
        return False
    warnings.warn(
        f"load_dataset({path!r}) loads the folder ./{path} as a data folder, because a local path "
        "wins over a name in datasets (yinyang's parameters such as size= do not apply to it); "
        "to load the installed yinyang builder, rename that folder or run from another directory.",
        UserWarning, stacklevel=_caller_stacklevel())
    return True


def _register():
    """Make ``load_dataset``, ``load_dataset_builder`` and ``get_dataset_config_names`` know "yinyang".

    datasets has no public registry for installed builders and dropped loading scripts in 4.0,
    so this wraps its module resolution, ``datasets.load.dataset_module_factory`` (private API,
    same role and first argument from 3.6 to 5.x; ``datasets.inspect`` holds its own reference),
    to answer the exact name "yinyang" with this module. Returns True if the hook is in place.
    If a future datasets moves the function, importing still works and ``load_dataset("yinyang")``
    fails with a message pointing at ``yinyang.YinYang``. A wrapper already installed by the
    start-up hook (``yinyang_tools._autoload``, marked the same way) is left as it is.
    """
    load = sys.modules.get("datasets.load")
    original = getattr(load, "dataset_module_factory", None)
    if getattr(original, "_yinyang_hook", False):
        return True
    if original is None or not hasattr(load, "DatasetModule"):
        public = getattr(load, "load_dataset_builder", None)
        if public is None:
            return False

        def load_dataset_builder(path, *args, _original=public, **kwargs):
            if path == "yinyang":
                raise RuntimeError(
                    f"datasets {datasets.__version__} moved the loader internals that yinyang hooks "
                    "into, so load_dataset('yinyang') is unavailable; use the builder directly: "
                    "b = yinyang.YinYang(size=...); b.download_and_prepare(); b.as_dataset()."
                )
            return _original(path, *args, **kwargs)

        load.load_dataset_builder = load_dataset_builder
        return False

    def dataset_module_factory(path, *args, **kwargs):
        if path == "yinyang" and not _local_folder_wins(path):
            return _dataset_module()
        return original(path, *args, **kwargs)

    dataset_module_factory._yinyang_hook = True
    load.dataset_module_factory = dataset_module_factory
    inspect = sys.modules.get("datasets.inspect")
    if getattr(inspect, "dataset_module_factory", None) is original:
        inspect.dataset_module_factory = dataset_module_factory
    return True


_register()


if __name__ == "__main__":  # the module is a library; its command is `yinyang`
    raise SystemExit("yinyang.py is the dataset builder, not a program; run the 'yinyang' command "
                     "instead, e.g. 'yinyang build'.")
