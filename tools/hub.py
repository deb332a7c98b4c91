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

import contextlib
import importlib
import importlib.resources
import json
import math
import os
import pathlib
import re
import shlex
import shutil
import signal
import tempfile
import threading

from yinyang_generator import PARAMETERS, SPLITS
from yinyang_generator.parameters import check_parameters

from ._options import UsageError, add_parameters, given, missing, option
from .card import FIXED_CONFIGS, MANAGED_KEY, card, data_dir, info_json, layout, portable_features
from .hub_card import hub_card_text

__all__ = ["export", "push", "register"]

# The card's picture: the checkout's images/yinyang.png, which a wheel carries as the data package
# yinyang_tools.images (pyproject.toml), so `export` needs no matplotlib to draw it. An editable
# install finds it in the checkout (setuptools' editable finder maps top-level names only).
_IMAGE = "images/yinyang.png"


def _picture():
    """The bytes of the card's picture, from the installed package or the checkout."""
    try:
        return importlib.resources.files("yinyang_tools.images").joinpath("yinyang.png").read_bytes()
    except ModuleNotFoundError:
        return (pathlib.Path(__file__).resolve().parents[1] / _IMAGE).read_bytes()
# Shards like push_to_hub's default max_shard_size; Parquet row groups small enough to stream.
_MAX_SHARD_SIZE = 500_000_000
_ROW_GROUP_SIZE = 100_000
# Bytes of one row in Arrow: 4 float64 inputs and an int64 label. A shard holds at least one.
_ROW_BYTES = 40
_CONFIG_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Names a config folder may not take: the fixed configs and the other files of the layout,
# compared without case (a case-insensitive file system would mix them up).
_RESERVED_NAMES = (*FIXED_CONFIGS, "data", "images", "README.md")
# The Parquet files an export writes, and so the only files push ever deletes.
_SHARD = re.compile(r"(?P<folder>[^/]+)/(?:%s)-\d{5}-of-\d{5}\.parquet" % "|".join(SPLITS))
# Anything shaped like a Hub token or an Authorization header, scrubbed from error messages.
_SECRETS = re.compile(r"\b(?:hf|api_org)_[A-Za-z0-9]{6,}|(?<=Bearer )\S+", re.IGNORECASE)


def _check_configs(extra_configs):
    """Return ``{name: (builder config name, checked parameters)}`` of the fixed and the extra
    configs; every parameter is checked here, before anything is built or written."""
    configs = {name: (name, check_parameters()) for name in FIXED_CONFIGS}
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
        if name.casefold() in (reserved.casefold() for reserved in _RESERVED_NAMES):
            raise ValueError(
                f"'extra_configs' names must not be one of {', '.join(_RESERVED_NAMES)} in any "
                f"case (taken by the fixed configs and the repo layout), got {name!r}."
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
        configs[name] = ("default", check_parameters(**parameters))
    return configs


def _builders(configs, cache_dir):
    """Return ``{name: builder}``, every builder constructed, none built."""
    import yinyang

    return {
        name: yinyang.YinYang(config_name=config_name, cache_dir=os.fspath(cache_dir), **parameters)
        for name, (config_name, parameters) in configs.items()
    }


def _write_split(dataset, folder, split, features, max_shard_size):
    """Write one split as ``{split}-0000i-of-0000n.parquet`` shards; return their total bytes."""
    import pyarrow.parquet as pq

    rows = len(dataset)
    shards = min(rows, max(1, math.ceil(dataset.data.nbytes / max_shard_size)))
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
    """Return ``directory`` as an absolute path that may be written: absent or an empty folder
    (a symlink to one, or a mount point, included)."""
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"'directory' must be a path, got {directory!r} ({type(directory).__name__}).")
    if os.fspath(directory) in ("", b""):
        raise ValueError("'directory' must be a folder path, got '' (an empty string; '.' is the "
                         "current folder).")
    path = pathlib.Path(directory).absolute()
    if path.is_symlink() and not path.exists():
        raise FileNotFoundError(
            f"'directory' must not exist or be an empty folder, got {os.fspath(directory)!r}, "
            f"a symlink to {os.readlink(path)!r}, which does not exist."
        )
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(
            f"'directory' must not exist or be an empty folder, got {os.fspath(directory)!r}, "
            "which " + ("holds files." if path.is_dir() else "is a file.")
        )
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"'directory' must be in an existing folder, got {os.fspath(directory)!r}, whose "
            f"folder {os.fspath(path.parent)!r} {missing(path.parent)}."
        )
    return path


def _check_cache_dir(cache_dir, path):
    """Refuse a ``cache_dir`` inside the export folder ``path``, whose content it would join."""
    if cache_dir is None:
        return
    if not isinstance(cache_dir, (str, os.PathLike)) or os.fspath(cache_dir) in ("", b""):
        raise TypeError(f"'cache_dir' must be a folder path or None, got {cache_dir!r}.")
    cache = pathlib.Path(os.path.realpath(cache_dir))
    target = pathlib.Path(os.path.realpath(path))
    if cache == target or target in cache.parents:
        raise ValueError(
            f"'cache_dir' must be outside 'directory' (the export holds only the dataset's "
            f"files), got {os.fspath(cache_dir)!r}, inside {os.fspath(path)!r}."
        )


def _check_repo_id(repo_id):
    """Refuse a repo id that is not ``"namespace/name"`` as the Hub spells it."""
    from huggingface_hub.utils import validate_repo_id

    if not isinstance(repo_id, str) or repo_id.count("/") != 1:
        raise ValueError(f"'repo_id' must be 'namespace/name', got {repo_id!r}.")
    validate_repo_id(repo_id)


class _Terminated(KeyboardInterrupt):
    """SIGTERM arrived during an export or push: unwinds (and cleans up) like Ctrl-C."""


@contextlib.contextmanager
def _sigterm_unwinds():
    """Within this block SIGTERM raises :class:`_Terminated`, so temporary folders are removed
    as for KeyboardInterrupt; afterwards the previous handler is back and, if SIGTERM came, it
    gets the signal (by default: the process ends as killed by SIGTERM)."""
    previous = signal.getsignal(signal.SIGTERM)
    if (threading.current_thread() is not threading.main_thread()
            or previous in (signal.SIG_IGN, None)
            or getattr(previous, "_yinyang_unwinds", False)):
        yield  # off the main thread, ignored, or already unwinding in an outer block
        return
    received = []

    def unwind(signum, frame):
        received.append(signum)
        raise _Terminated(f"terminated by signal {signum}")

    unwind._yinyang_unwinds = True
    signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if received:
            signal.raise_signal(signal.SIGTERM)


def export(directory, *, repo_id=None, extra_configs=None, cache_dir=None,
           max_shard_size=_MAX_SHARD_SIZE):
    """Write a folder ready to upload as a Hub dataset repo.

    Parameters
    ----------
    directory : str or os.PathLike
        The folder to write; it must not exist or be empty (a symlink to an empty folder or a
        mount point is written into). A failed or interrupted (Ctrl-C, SIGTERM) export leaves it
        as it was.
    repo_id : str or None
        ``"namespace/name"`` of the Hub repo the folder is for: the card's loading examples name
        it. Without it they show the placeholder ``<namespace>/<name>``.
    extra_configs : dict or None
        More configs, ``{name: parameters}``, e.g. ``{"big": {"size": 50_000, "train_seed": 7}}``.
    cache_dir : str or None
        Where the configs are built (default: a temporary folder, removed afterwards); not
        inside ``directory``.
    max_shard_size : int
        Largest Parquet file, in bytes of Arrow data; at least one row (40 bytes).

    Returns
    -------
    pathlib.Path
        The absolute path of the folder. It holds ``README.md`` (the Hub card: YAML naming each
        config's Parquet files, and a text for Hub visitors),
        ``data/{split}-00000-of-00001.parquet`` for ``default`` (which ``publication`` reads too), ``<name>/...`` for the splits of each
        extra config not stored already, and ``images/yinyang.png``; no code. Files and folders
        are made with the permissions the umask gives.
    """
    path = _check_directory(directory)
    configs = _check_configs(extra_configs)
    if repo_id is not None:
        _check_repo_id(repo_id)
    _check_cache_dir(cache_dir, path)
    if isinstance(max_shard_size, bool) or not isinstance(max_shard_size, int):
        raise TypeError(f"'max_shard_size' must be an int (bytes), got {max_shard_size!r}.")
    if max_shard_size < _ROW_BYTES:
        raise ValueError(f"'max_shard_size' must be at least {_ROW_BYTES} (the bytes of one row), "
                         f"got {max_shard_size!r}.")
    where = layout({name: parameters for name, (_, parameters) in configs.items()})
    with (_sigterm_unwinds(),
          tempfile.TemporaryDirectory(prefix="yinyang-export-cache-") as temporary_cache):
        builders = _builders(configs, cache_dir if cache_dir is not None else temporary_cache)
        created = not path.exists()
        if created:
            path.mkdir()
        # Staged inside the folder itself, so it works for a mount point or a symlinked folder.
        staging = pathlib.Path(tempfile.mkdtemp(prefix=".yinyang-export-", dir=path))
        moved = []
        try:
            infos, download_sizes, written = {}, {}, {}
            for name, builder in builders.items():
                builder.download_and_prepare()
                infos[name] = info_json(builder)
                features = portable_features(infos[name]["features"])
                for split in infos[name]["splits"]:
                    folder, file_split = where[name][split]
                    if (folder, file_split) not in written:
                        (staging / folder).mkdir(exist_ok=True)
                        written[folder, file_split] = _write_split(
                            builder.as_dataset(split=split), staging / folder, file_split,
                            features, max_shard_size)
                download_sizes[name] = sum(written[where[name][split]]
                                           for split in infos[name]["splits"])
            (staging / "images").mkdir()
            (staging / _IMAGE).write_bytes(_picture())
            text = hub_card_text(repo_id, {name: parameters for name, (_, parameters)
                                           in configs.items()}, where)
            card(infos, text, data_files=where, download_sizes=download_sizes).save(
                staging / "README.md")
            for entry in sorted(staging.iterdir()):
                entry.rename(path / entry.name)
                moved.append(path / entry.name)
            staging.rmdir()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            for entry in moved:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()
            if created:
                with contextlib.suppress(OSError):
                    path.rmdir()
            raise
    return path


def _check_token(token, source="'token'"):
    """Return ``token`` without surrounding whitespace, or None; refuse one that cannot be a Hub
    token, without ever showing it."""
    if token is None:
        return None
    if not isinstance(token, str):
        raise TypeError(f"{source} must be a str or None, got a {type(token).__name__}.")
    token = token.strip()
    if not token:
        raise ValueError(f"{source} must be a Hub token (hf_...), got an empty or blank string.")
    if not all("!" <= character <= "~" for character in token):
        raise ValueError(f"{source} must be a Hub token: printable ASCII without spaces, got one "
                         "with a space, control or non-ASCII character inside (not shown).")
    return token


def _scrub(text, secret):
    """``text`` with ``secret`` and anything shaped like a token replaced by ``***``."""
    if secret:
        text = text.replace(secret, "***")
    return _SECRETS.sub("***", text)


def _hub_error(error, repo_id, secret):
    """Return the error to raise for a failed Hub call: an OSError whose message names what
    failed and holds no token (the original, which may, is not chained)."""
    message = _scrub(" ".join(str(error).split()) or type(error).__name__, secret)
    if isinstance(error, _network_errors()):
        return ConnectionError(f"could not reach the Hub to push {repo_id!r}: {message}")
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status in (401, 403):
        return PermissionError(f"the Hub refused to push {repo_id!r} (HTTP {status}: is the token "
                               f"valid, with write access?): {message}")
    return OSError(f"pushing {repo_id!r} to the Hub failed: {message}")


def _on_hub(call, repo_id, secret):
    """Return ``call()``; a failure becomes :func:`_hub_error`'s error, raised with no context."""
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - every Hub failure, scrubbed of the token
        failure = _hub_error(error, repo_id, secret)
    raise failure


def _managed_configs(api, repo_id, revision, files, folder):
    """Return the config names that the repo's card at ``revision`` lists under MANAGED_KEY:
    configs an earlier push of this package wrote."""
    from huggingface_hub import DatasetCard

    if "README.md" not in files:
        return set()
    path = api.hf_hub_download(repo_id=repo_id, filename="README.md", repo_type="dataset",
                               revision=revision, local_dir=folder)
    try:
        names = DatasetCard(pathlib.Path(path).read_text(encoding="utf-8"),
                            ignore_metadata_errors=True).data.to_dict().get(MANAGED_KEY)
    except Exception:  # noqa: BLE001 - a card that does not parse lists nothing of ours
        return set()
    if not isinstance(names, list):
        return set()
    return {name for name in names if isinstance(name, str) and _CONFIG_NAME.fullmatch(name)}


def _stale_files(files, configs, uploading):
    """Return the repo ``files`` to delete: Parquet shards as an export names them, in the folder
    of one of ``configs``, that the upload does not replace. Nothing else is ever deleted."""
    folders = {data_dir(name) for name in configs}
    return sorted(
        name for name in files
        if (match := _SHARD.fullmatch(name)) and match["folder"] in folders
        and name not in uploading
    )


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
        Hub token, surrounding whitespace ignored; by default huggingface_hub's usual places
        (``HF_TOKEN``, ``hf auth login``). Never shown: not in messages, logs or reprs.
    extra_configs, cache_dir
        As for :func:`export`.
    commit_message : str
        Of the upload commit.

    Returns
    -------
    huggingface_hub.CommitInfo
        Of the upload. In the same commit, Parquet shards that an earlier push of this package
        wrote and that the new upload does not hold are deleted: those in the folders of the
        fixed configs, of the extra configs uploaded now, and of the configs the repo's card
        lists as written by this package. No other file of the repo is ever deleted.
    """
    _check_repo_id(repo_id)
    if not isinstance(private, bool):
        raise TypeError(f"'private' must be a bool, got {private!r} ({type(private).__name__}).")
    token = _check_token(token)
    if not isinstance(commit_message, str) or not commit_message.strip():
        raise ValueError(f"'commit_message' must be a non-empty str, got {commit_message!r}.")
    configs = _check_configs(extra_configs)
    from huggingface_hub import HfApi, get_token

    if token is None:
        token = _check_token(get_token(),
                             source="the stored Hub token (HF_TOKEN or 'hf auth login')")
    with _sigterm_unwinds(), tempfile.TemporaryDirectory(prefix="yinyang-push-") as temporary:
        folder = export(pathlib.Path(temporary) / "export", repo_id=repo_id,
                        extra_configs=extra_configs, cache_dir=cache_dir)
        uploading = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
                     if path.is_file()}
        api = HfApi(token=token)
        repo = _on_hub(lambda: api.create_repo(repo_id, repo_type="dataset", private=private,
                                               exist_ok=True), repo_id, token)
        revision = _on_hub(lambda: api.dataset_info(repo.repo_id).sha, repo_id, token)
        files = _on_hub(lambda: api.list_repo_files(repo.repo_id, repo_type="dataset",
                                                    revision=revision), repo_id, token)
        earlier = _on_hub(lambda: _managed_configs(api, repo.repo_id, revision, files,
                                                   pathlib.Path(temporary) / "earlier"),
                          repo_id, token)
        stale = _stale_files(files, set(configs) | earlier, uploading)
        return _on_hub(lambda: api.upload_folder(
            repo_id=repo.repo_id, folder_path=folder, repo_type="dataset",
            commit_message=commit_message, parent_commit=revision,
            delete_patterns=stale or None), repo_id, token)


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
            raise UsageError(f"'{option(first)}' needs '--name NAME', the name of the extra "
                             "config it sets.")
        return None
    return {args.name: parameters}


def _run_export(args):
    path = export(args.directory, repo_id=args.repo_id, extra_configs=_extra_configs(args),
                  cache_dir=args.cache_dir)
    extra = "" if args.name is None else f" --name {shlex.quote(args.name)}" + "".join(
        f" {option(name)} {value}" for name, value in given(args).items())
    print(f"wrote {path}; try: load_dataset({str(path)!r}, 'publication'); to upload it: "
          f"yinyang push {args.repo_id or 'NAMESPACE/NAME'}{extra}")
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
        "'publication' configs (the same files), the Hub card README.md and the picture; no "
        "code. It loads with load_dataset(DIRECTORY) without this package.",
    )
    export_parser.add_argument("directory", metavar="DIRECTORY", help="folder to write")
    export_parser.add_argument("--repo-id", metavar="NAMESPACE/NAME",
                               help="the Hub repo the folder is for, named in the card's "
                               "loading examples (default: a placeholder)")
    export_parser.set_defaults(run=_run_export)
    push_parser = commands.add_parser(
        "push", help="export and upload to a Hub dataset repo",
        description="Export to a temporary folder and upload it to the Hub dataset repo REPO_ID, "
        "created if needed. Parquet files of earlier pushes that the upload does not replace "
        "are deleted; no other file of the repo is. The token comes from huggingface_hub's "
        "usual places (HF_TOKEN, or 'hf auth login'); it is never printed.",
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
