"""The Yin-Yang dataset as a Hugging Face Hub dataset repo: Parquet files, card and picture.

``export(directory)`` writes a folder that loads with plain ``load_dataset(directory)`` (no
``yinyang`` import, no Python code in it) on datasets 3.6 and newer; ``push(repo_id)`` uploads
such a folder. ``update_card()`` rewrites the project README's YAML front matter and
``dataset_infos.json`` from fresh builds, so no number in them is typed by hand::

    >>> import yinyang_hub
    >>> yinyang_hub.export("out", extra_configs={"big": {"size": 50_000, "train_seed": 7}})
    PosixPath('out')
    >>> from datasets import load_dataset
    >>> load_dataset("out", "publication")["train"].num_rows
    5000
"""

import importlib.util
import json
import math
import os
import pathlib
import re
import shutil
import tempfile

__all__ = ["card", "dataset_infos", "export", "push", "update_card"]

_HERE = pathlib.Path(__file__).resolve().parent
_DISTRIBUTION = "yinyang-dataset"
_IMAGE = "images/yinyang.png"
_SPLIT_ORDER = ("train", "validation", "test")
# Shards like push_to_hub's default max_shard_size; Parquet row groups small enough to stream.
_MAX_SHARD_SIZE = 500_000_000
_ROW_GROUP_SIZE = 100_000
_CONFIG_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_RESERVED_NAMES = ("default", "publication", "data", "images")

_CARD_METADATA = {
    "license": "mit",
    "pretty_name": "Yin-Yang",
    "task_categories": ["tabular-classification"],
    "task_ids": ["tabular-multi-class-classification"],
    "annotations_creators": ["machine-generated"],
    "source_datasets": ["original"],
    "tags": ["synthetic", "spiking-neural-networks", "neuromorphic", "yin-yang", "tabular",
             "benchmark"],
}


def _data_dir(name):
    """Return the folder of a config's Parquet files, as ``push_to_hub`` names it."""
    return "data" if name == "default" else name


def _size_category(rows):
    """Return the Hub's ``size_categories`` bin of a row count, e.g. ``"1K<n<10K"``."""
    names = ["1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"]
    if rows < 1000:
        return "n<1K"
    for power, (low, high) in enumerate(zip(names, names[1:]), start=4):
        if rows < 10 ** power:
            return f"{low}<n<{high}"
    return "n>1T"


def _portable_features(features_dict):
    """Return a features dict (``Features.to_dict()`` spelling) that datasets 3.x and 4+ both read.

    datasets 4 spells a fixed-length list ``"_type": "List"``, which 3.x cannot parse, while
    both read the older ``"Sequence"`` with a ``length`` as a fixed-length list.
    """
    portable = {}
    for name, feature in features_dict.items():
        if feature.get("_type") == "List" and feature.get("length", -1) != -1:
            feature = {**feature, "_type": "Sequence"}
        portable[name] = feature
    return portable


def _yaml_features(features_dict):
    """Return the card YAML list of features that datasets 3.x and 4+ both read alike.

    datasets 4 writes a fixed-length list as ``list: float64, length: 4``, which 3.x reads as
    variable length; ``sequence: float64, length: 4`` is fixed length on every version.
    """
    import datasets

    features = datasets.Features.from_dict(_portable_features(features_dict))
    entries = []
    for entry in features._to_yaml_list():
        if "list" in entry and entry.get("length", -1) != -1:
            entry = {("sequence" if key == "list" else key): value for key, value in entry.items()}
        entries.append(entry)
    return entries


def _check_configs(extra_configs):
    """Return ``{name: (builder config name, parameters)}`` for the fixed and the extra configs."""
    configs = {"default": ("default", {}), "publication": ("publication", {})}
    if extra_configs is None:
        return configs
    if not hasattr(extra_configs, "items"):
        raise TypeError(
            "'extra_configs' must be a mapping of config name to parameters, e.g. "
            f"{{'big': {{'size': 50000}}}}, got {extra_configs!r} ({type(extra_configs).__name__})."
        )
    for name, parameters in extra_configs.items():
        if not isinstance(name, str) or not _CONFIG_NAME.fullmatch(name):
            raise ValueError(
                "'extra_configs' names must be 1-64 letters, digits, '_', '.' or '-', starting "
                f"with a letter or digit, got {name!r}."
            )
        if name in _RESERVED_NAMES:
            raise ValueError(
                f"'extra_configs' names must not be one of {', '.join(_RESERVED_NAMES)} (taken by "
                f"the fixed configs and the repo layout), got {name!r}."
            )
        if not hasattr(parameters, "items"):
            raise TypeError(
                f"'extra_configs[{name!r}]' must be a mapping of parameters such as "
                f"{{'size': 50000}}, got {parameters!r} ({type(parameters).__name__})."
            )
        known = _parameter_names()
        unknown = [key for key in parameters if key not in known]
        if unknown:
            raise ValueError(
                f"'extra_configs[{name!r}]' must hold only parameters of the yinyang dataset "
                f"({', '.join(known)}), got {unknown[0]!r}."
            )
        configs[name] = ("default", dict(parameters))
    return configs


def _parameter_names():
    """Return the names of ``YinYangConfig``'s parameters, e.g. ``("size", ..., "r_big")``."""
    import yinyang

    return tuple(yinyang.YinYangConfig(name="default").parameters())


def _builders(configs, cache_dir):
    """Return ``{name: builder}``, every builder constructed (parameters checked), none built."""
    import yinyang

    return {
        name: yinyang.YinYang(config_name=config_name, cache_dir=os.fspath(cache_dir), **parameters)
        for name, (config_name, parameters) in configs.items()
    }


def _info_json(builder):
    """Return the ``dataset_info.json`` a prepared builder wrote, as a dict."""
    import datasets

    path = os.path.join(builder.cache_dir, datasets.config.DATASET_INFO_FILENAME)
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def dataset_infos(cache_dir, *, extra_configs=None):
    """Return ``{config name: DatasetInfo as a JSON-ready dict}`` from fresh builds in ``cache_dir``.

    The dicts are those datasets writes as ``dataset_info.json``; ``dataset_infos.json`` holds
    the ones of ``default`` and ``publication``::

        >>> dataset_infos(tmp)["publication"]["splits"]["train"]["num_examples"]
        5000
    """
    builders = _builders(_check_configs(extra_configs), cache_dir)
    infos = {}
    for name, builder in builders.items():
        builder.download_and_prepare()
        infos[name] = _info_json(builder)
    return infos


def card(infos, text="", *, download_sizes=None):
    """Return a ``huggingface_hub.DatasetCard``: ``text`` below YAML front matter made from ``infos``.

    ``infos`` maps config names to ``dataset_info.json`` dicts (as from ``dataset_infos``); the
    YAML holds license, names, tags, ``size_categories``, ``dataset_info`` per config and the
    ``configs`` block mapping each split to its Parquet files (``data/`` for ``default``, marked
    default; ``<name>/`` for the others), as ``push_to_hub`` lays them out. ``download_sizes``
    maps config names to their Parquet bytes (default: the infos' ``download_size``).
    """
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard, DatasetCardData

    download_sizes = download_sizes or {}
    dataset_info, configs, rows = [], {}, 0
    for name, info in infos.items():
        splits = [info["splits"][split] for split in _SPLIT_ORDER if split in info["splits"]]
        rows = max(rows, sum(split["num_examples"] for split in splits))
        dataset_info.append({
            "config_name": name,
            "features": _yaml_features(info["features"]),
            "splits": [{key: split[key] for key in ("name", "num_bytes", "num_examples")}
                       for split in splits],
            "download_size": download_sizes.get(name, info.get("download_size", 0)),
            "dataset_size": info["dataset_size"],
        })
        configs[name] = {
            "data_files": [{"split": split["name"], "path": f"{_data_dir(name)}/{split['name']}-*"}
                           for split in splits],
            **({"default": True} if name == "default" else {}),
        }
    data = DatasetCardData(**_CARD_METADATA, size_categories=[_size_category(rows)],
                           dataset_info=dataset_info)
    MetadataConfigs(configs).to_dataset_card_data(data)
    return DatasetCard(f"---\n{data.to_yaml()}\n---\n{text}")


def _body(content):
    """Return a Markdown file's text after its YAML front matter (all of it if it has none)."""
    from huggingface_hub import DatasetCard

    if not content.lstrip().startswith("---"):
        return content
    return DatasetCard(content, ignore_metadata_errors=True).text


def _readme_text():
    """Return the project README's body (no front matter): from the checkout, else the install."""
    readme = _HERE / "README.md"
    if readme.is_file():
        content = readme.read_text(encoding="utf-8")
    else:
        import importlib.metadata

        metadata = importlib.metadata.metadata(_DISTRIBUTION)
        content = metadata["Description"] or metadata.get_payload() or ""
    return _body(content)


def _write_split(dataset, folder, split, features, max_shard_size):
    """Write one split as ``{split}-0000i-of-0000n.parquet`` shards; return their total bytes."""
    import pyarrow.parquet as pq

    rows = len(dataset)
    shards = max(1, math.ceil(dataset.data.nbytes / max_shard_size))
    table = dataset.with_format("arrow")
    metadata = {"huggingface": json.dumps({"info": {"features": features}})}
    written = 0
    for index in range(shards):
        part = table[index * rows // shards:(index + 1) * rows // shards]
        path = folder / f"{split}-{index:05d}-of-{shards:05d}.parquet"
        pq.write_table(part.replace_schema_metadata(metadata), path, row_group_size=_ROW_GROUP_SIZE)
        written += path.stat().st_size
    return written


def _check_directory(directory):
    """Return ``directory`` as an absolute path that may be created: absent or an empty folder."""
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"'directory' must be a path, got {directory!r} ({type(directory).__name__}).")
    path = pathlib.Path(directory).absolute()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(
            f"'directory' must not exist or be an empty folder, got {os.fspath(directory)!r}, "
            "which " + ("holds files." if path.is_dir() else "is a file.")
        )
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"'directory' must be in an existing folder, got {os.fspath(directory)!r}, whose "
            f"folder {os.fspath(path.parent)!r} does not exist."
        )
    return path


def export(directory, *, extra_configs=None, cache_dir=None, max_shard_size=_MAX_SHARD_SIZE):
    """Write a folder ready to upload as a Hub dataset repo; return its path (``pathlib.Path``).

    The folder holds ``README.md`` (the card: the project README with YAML front matter naming
    each config's Parquet files), ``data/{split}-00000-of-00001.parquet`` for ``default``,
    ``publication/...`` and ``<name>/...`` for each of ``extra_configs`` (``{name: parameters}``,
    e.g. ``{"big": {"size": 50_000, "train_seed": 7}}``), and ``images/yinyang.png``. No code.
    ``directory`` must not exist or be empty; a failed export leaves nothing there. Builds go to
    a temporary cache unless ``cache_dir`` is given.
    """
    path = _check_directory(directory)
    configs = _check_configs(extra_configs)
    if not (_HERE / _IMAGE).is_file() and importlib.util.find_spec("matplotlib") is None:
        raise ModuleNotFoundError(
            "export draws the card's picture with matplotlib when the package is installed "
            "without its images/ folder (not editable): pip install matplotlib (the 'plot' extra)",
            name="matplotlib")
    if isinstance(max_shard_size, bool) or not isinstance(max_shard_size, int) or max_shard_size < 1:
        raise ValueError(f"'max_shard_size' must be a positive int (bytes), got {max_shard_size!r}.")
    with tempfile.TemporaryDirectory(prefix="yinyang-export-cache-") as temporary_cache:
        builders = _builders(configs, cache_dir if cache_dir is not None else temporary_cache)
        staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
        try:
            infos, download_sizes = {}, {}
            for name, builder in builders.items():
                builder.download_and_prepare()
                infos[name] = _info_json(builder)
                features = _portable_features(infos[name]["features"])
                folder = staging / _data_dir(name)
                folder.mkdir()
                download_sizes[name] = sum(
                    _write_split(builder.as_dataset(split=split), folder, split, features,
                                 max_shard_size)
                    for split in infos[name]["splits"]
                )
            (staging / "images").mkdir()
            if (_HERE / _IMAGE).is_file():
                shutil.copyfile(_HERE / _IMAGE, staging / _IMAGE)
            else:  # installed without the checkout's images/: draw the picture afresh
                import yinyang_plot

                yinyang_plot.plot(staging / _IMAGE)
            card(infos, _readme_text(), download_sizes=download_sizes).save(staging / "README.md")
            if path.exists():
                path.rmdir()
            staging.rename(path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return path


def push(repo_id, *, private=False, token=None, extra_configs=None, cache_dir=None,
         commit_message="Upload the Yin-Yang dataset"):
    """Export to a temporary folder and upload it to the Hub dataset repo ``repo_id``.

    Creates the repo if needed (``private`` applies only then); ``token`` defaults to the usual
    huggingface_hub places (``HF_TOKEN``, ``hf auth login``) and is never printed. Parquet files
    of an earlier upload that the new one does not hold are deleted in the same commit. Returns
    the ``huggingface_hub.CommitInfo``.
    """
    from huggingface_hub import HfApi
    from huggingface_hub.utils import validate_repo_id

    if not isinstance(repo_id, str) or repo_id.count("/") != 1:
        raise ValueError(f"'repo_id' must be 'namespace/name', got {repo_id!r}.")
    validate_repo_id(repo_id)
    if not isinstance(private, bool):
        raise TypeError(f"'private' must be a bool, got {private!r} ({type(private).__name__}).")
    if token is not None and not isinstance(token, str):
        raise TypeError(f"'token' must be a str or None, got a {type(token).__name__}.")
    with tempfile.TemporaryDirectory(prefix="yinyang-push-") as temporary:
        folder = export(pathlib.Path(temporary) / "export", extra_configs=extra_configs,
                        cache_dir=cache_dir)
        api = HfApi(token=token)
        try:
            repo = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
            return api.upload_folder(repo_id=repo.repo_id, folder_path=folder,
                                     repo_type="dataset", commit_message=commit_message,
                                     delete_patterns=["*.parquet"])
        except _network_errors() as error:
            raise ConnectionError(f"could not reach the Hub to push {repo_id!r}: {error}") from error


def _network_errors():
    """Transport errors (refused, timed out) of huggingface_hub's HTTP client that are not
    OSError: httpx's, or httpx2's in huggingface_hub 2.x. With requests (huggingface_hub < 1)
    they are OSError already."""
    errors = []
    for name in ("httpx", "httpx2"):
        try:
            errors.append(importlib.import_module(name).TransportError)
        except (ImportError, AttributeError):
            pass
    return tuple(errors)


def update_card(readme="README.md", infos="dataset_infos.json", *, check=False):
    """Rewrite the YAML front matter of ``readme`` and the file ``infos`` from fresh builds.

    The body of ``readme`` is kept byte for byte. Returns the paths whose content changed (with
    ``check=True``: would change; nothing is written).
    """
    readme, infos = pathlib.Path(readme), pathlib.Path(infos)
    if not readme.is_file():
        raise FileNotFoundError(f"'readme' must be an existing file, got {os.fspath(readme)!r}.")
    if not infos.parent.is_dir():
        raise FileNotFoundError(
            f"'infos' must be in an existing folder, got {os.fspath(infos)!r}."
        )
    with tempfile.TemporaryDirectory(prefix="yinyang-card-") as cache_dir:
        fresh = dataset_infos(cache_dir)
    new = {
        readme: str(card(fresh, _body(readme.read_text(encoding="utf-8")))),
        infos: json.dumps(fresh, indent=2, sort_keys=True) + "\n",
    }
    changed = [path for path, text in new.items()
               if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if not check:
        for path in changed:
            path.write_text(new[path], encoding="utf-8")
    return changed
