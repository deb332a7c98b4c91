"""The Yin-Yang dataset as a Hugging Face Hub dataset repo: Parquet files, card and picture.

``export(directory)`` writes a folder that loads with plain ``load_dataset(directory)`` (no
``yinyang`` import, no Python code in it) on datasets 3.6 and newer; ``push(repo_id)`` uploads
such a folder. Subcommands ``yinyang export`` and ``yinyang push``.

>>> import tempfile
>>> from yinyang_tools.hub import export
>>> folder = export(tempfile.mkdtemp() + "/out", extra_configs={"big": {"size": 50_000}})
>>> from datasets import load_dataset
>>> load_dataset(str(folder), "big")["train"].num_rows
50000
"""

import importlib
import importlib.util
import json
import math
import os
import pathlib
import re
import shutil
import tempfile

from yinyang_generator import PARAMETERS

from ._options import add_parameters, given, option
from .card import body, card, data_dir, info_json, portable_features

__all__ = ["export", "push", "register"]

# The checkout this module runs from, if any (an editable install): the card's text and picture.
_ROOT = pathlib.Path(__file__).resolve().parents[1]
_DISTRIBUTION = "yinyang-dataset"
_IMAGE = "images/yinyang.png"
# Shards like push_to_hub's default max_shard_size; Parquet row groups small enough to stream.
_MAX_SHARD_SIZE = 500_000_000
_ROW_GROUP_SIZE = 100_000
_CONFIG_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_RESERVED_NAMES = ("default", "publication", "data", "images")


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
        unknown = [key for key in parameters if key not in PARAMETERS]
        if unknown:
            raise ValueError(
                f"'extra_configs[{name!r}]' must hold only parameters of the yinyang dataset "
                f"({', '.join(PARAMETERS)}), got {unknown[0]!r}."
            )
        configs[name] = ("default", dict(parameters))
    return configs


def _builders(configs, cache_dir):
    """Return ``{name: builder}``, every builder constructed (parameters checked), none built."""
    import yinyang

    return {
        name: yinyang.YinYang(config_name=config_name, cache_dir=os.fspath(cache_dir), **parameters)
        for name, (config_name, parameters) in configs.items()
    }


def _readme_text():
    """Return the project README's body (no front matter): from the checkout, else the install."""
    readme = _ROOT / "README.md"
    if (_ROOT / "yinyang.py").is_file() and readme.is_file():
        content = readme.read_text(encoding="utf-8")
    else:
        import importlib.metadata

        metadata = importlib.metadata.metadata(_DISTRIBUTION)
        content = metadata["Description"] or metadata.get_payload() or ""
    return body(content)


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
    """Write a folder ready to upload as a Hub dataset repo.

    Parameters
    ----------
    directory : str or os.PathLike
        The folder to write; it must not exist or be empty. A failed export leaves nothing there.
    extra_configs : dict or None
        More configs, ``{name: parameters}``, e.g. ``{"big": {"size": 50_000, "train_seed": 7}}``.
    cache_dir : str or None
        Where the configs are built (default: a temporary folder, removed afterwards).
    max_shard_size : int
        Largest Parquet file, in bytes of Arrow data.

    Returns
    -------
    pathlib.Path
        The absolute path of the folder. It holds ``README.md`` (the card: the project README
        with YAML front matter naming each config's Parquet files),
        ``data/{split}-00000-of-00001.parquet`` for ``default``, ``publication/...`` and
        ``<name>/...`` for each extra config, and ``images/yinyang.png``; no code.
    """
    path = _check_directory(directory)
    configs = _check_configs(extra_configs)
    if not (_ROOT / _IMAGE).is_file() and importlib.util.find_spec("matplotlib") is None:
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
                infos[name] = info_json(builder)
                features = portable_features(infos[name]["features"])
                folder = staging / data_dir(name)
                folder.mkdir()
                download_sizes[name] = sum(
                    _write_split(builder.as_dataset(split=split), folder, split, features,
                                 max_shard_size)
                    for split in infos[name]["splits"]
                )
            (staging / "images").mkdir()
            if (_ROOT / _IMAGE).is_file():
                shutil.copyfile(_ROOT / _IMAGE, staging / _IMAGE)
            else:  # installed without the checkout's images/: draw the picture afresh
                from .plot import plot

                plot(staging / _IMAGE)
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

    Parameters
    ----------
    repo_id : str
        ``"namespace/name"``; the repo is created if needed.
    private : bool
        Visibility of a repo created now (an existing repo keeps its own).
    token : str or None
        Hub token; by default huggingface_hub's usual places (``HF_TOKEN``,
        ``hf auth login``). Never printed.
    extra_configs, cache_dir
        As for :func:`export`.
    commit_message : str
        Of the upload commit.

    Returns
    -------
    huggingface_hub.CommitInfo
        Of the upload; Parquet files of an earlier upload that the new one does not hold are
        deleted in the same commit.
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


def _extra_configs(args):
    """Return ``extra_configs`` from ``--name`` and the parameter options."""
    parameters = given(args)
    if args.name is None:
        if parameters:
            first = next(name for name in PARAMETERS if name in parameters)
            raise ValueError(f"'{option(first)}' needs '--name NAME', the name of the extra "
                             "config it sets.")
        return None
    return {args.name: parameters}


def _run_export(args):
    path = export(args.directory, extra_configs=_extra_configs(args), cache_dir=args.cache_dir)
    print(f"wrote {path}; try: load_dataset({str(path)!r}, 'publication'), or "
          f"yinyang push NAMESPACE/NAME")
    return 0


def _run_push(args):
    commit = push(args.repo_id, private=args.private, extra_configs=_extra_configs(args),
                  cache_dir=args.cache_dir)
    print(f"pushed to https://huggingface.co/datasets/{args.repo_id} ({commit.commit_url})")
    return 0


def register(commands):
    """Add ``yinyang export`` and ``yinyang push`` to the subcommands ``commands``."""
    export_parser = commands.add_parser(
        "export", help="write a folder ready to upload as a Hub dataset repo",
        description="Write DIRECTORY (absent or empty): Parquet files of the 'default' and "
        "'publication' configs, the dataset card README.md and the picture; no code. It loads "
        "with load_dataset(DIRECTORY) without this package.",
    )
    export_parser.add_argument("directory", metavar="DIRECTORY", help="folder to write")
    export_parser.set_defaults(run=_run_export)
    push_parser = commands.add_parser(
        "push", help="export and upload to a Hub dataset repo",
        description="Export to a temporary folder and upload it to the Hub dataset repo REPO_ID, "
        "created if needed. The token comes from huggingface_hub's usual places (HF_TOKEN, or "
        "'hf auth login'); it is never printed.",
    )
    push_parser.add_argument("repo_id", metavar="REPO_ID", help="e.g. your-name/yinyang")
    push_parser.add_argument("--private", action="store_true",
                             help="create the repo private (an existing repo keeps its visibility)")
    push_parser.set_defaults(run=_run_push)
    for parser in (export_parser, push_parser):
        parser.add_argument("--name", metavar="NAME",
                            help="also add an extra config NAME with the parameters below")
        add_parameters(parser, "parameters of the extra config (need --name)")
        parser.add_argument("--cache-dir", metavar="DIR",
                            help="datasets cache folder for the builds (default: a temporary one)")
