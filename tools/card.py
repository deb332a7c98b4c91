"""The dataset card's metadata: YAML front matter and ``dataset_infos.json`` from fresh builds.

``card(infos, text, data_files=...)`` makes a ``huggingface_hub.DatasetCard`` whose YAML
(license, tags, ``dataset_info`` and ``configs`` per config) comes from the infos of real builds,
so no number in it is typed by hand; ``layout(configs)`` says where each split's Parquet files
are, every distinct split stored once. ``update_card()`` (``yinyang card``) rewrites the
repository README's front matter, ``dataset_infos.json`` and ``PYPI.md`` (the README for PyPI)
that way:

>>> import tempfile
>>> from yinyang_tools.card import dataset_infos
>>> dataset_infos(tempfile.mkdtemp())["publication"]["splits"]["train"]["num_examples"]
5000
"""

import json
import os
import pathlib
import re
import sys
import tempfile

from yinyang_generator import SPLITS
from yinyang_generator.parameters import split_plan

from ._options import PROG
from .facts import UPSTREAM

__all__ = [
    "FIXED_CONFIGS", "MANAGED_KEY", "card", "dataset_infos", "layout", "pypi_description",
    "register", "update_card",
]

SPLIT_ORDER = tuple(SPLITS)

#: The configs every card and export has; both are the paper's split.
FIXED_CONFIGS = ("default", "publication")

#: Card YAML key listing the configs whose files this package wrote: ``yinyang push`` deletes
#: stale files of these configs only, never of configs someone else added to the repo.
MANAGED_KEY = "yinyang_managed_configs"

# The README's picture has no public URL of its own; PyPI shows the upstream repository's.
_PYPI_IMAGES = {
    "images/yinyang.png": (
        "Samples of the Yin-Yang dataset coloured by class (picture from the upstream repository)",
        "https://raw.githubusercontent.com/lkriener/yin_yang_data_set/HEAD/data.png",
    ),
}
_MARKDOWN_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")

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


def data_dir(name):
    """Return the folder of a config's Parquet files, as ``push_to_hub`` names it."""
    return "data" if name == "default" else name


def layout(configs):
    """Return where each split of each config is stored: every distinct split once.

    Parameters
    ----------
    configs : dict
        Config name -> its eight checked parameters (``check_parameters``), in upload order.

    Returns
    -------
    dict
        Config name -> ``{split: (folder, file split)}``: the split's Parquet files are
        ``{folder}/{file split}-*``. A split equal to one of an earlier config (same size, seed
        and radii, so the same rows) points at that config's files.

    >>> from yinyang_generator.parameters import check_parameters
    >>> where = layout({"default": check_parameters(), "publication": check_parameters(),
    ...                 "small": check_parameters(size=50, train_seed=7)})
    >>> where["publication"]["test"], where["small"]["train"], where["small"]["validation"]
    (('data', 'test'), ('small', 'train'), ('data', 'validation'))
    """
    stored, where = {}, {}
    for name, parameters in configs.items():
        where[name] = {}
        for split, (size, seed) in split_plan(parameters).items():
            key = (size, seed, parameters["r_small"], parameters["r_big"])
            where[name][split] = stored.setdefault(key, (data_dir(name), split))
    return where


def _fixed_layout():
    """Return :func:`layout` of the fixed configs (both the paper's split)."""
    from yinyang_generator.parameters import check_parameters

    return layout({name: check_parameters() for name in FIXED_CONFIGS})


def _size_category(rows):
    """Return the Hub's ``size_categories`` bin of a row count, e.g. ``"1K<n<10K"``."""
    names = ["1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"]
    if rows < 1000:
        return "n<1K"
    for power, (low, high) in enumerate(zip(names, names[1:]), start=4):
        if rows < 10 ** power:
            return f"{low}<n<{high}"
    return "n>1T"


def portable_features(features_dict):
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

    features = datasets.Features.from_dict(portable_features(features_dict))
    entries = []
    for entry in features._to_yaml_list():
        if "list" in entry and entry.get("length", -1) != -1:
            entry = {("sequence" if key == "list" else key): value for key, value in entry.items()}
        entries.append(entry)
    return entries


def info_json(builder):
    """Return the ``dataset_info.json`` a prepared builder wrote, as a dict."""
    import datasets

    path = os.path.join(builder.cache_dir, datasets.config.DATASET_INFO_FILENAME)
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def dataset_infos(cache_dir):
    """Return ``{config name: DatasetInfo as a JSON-ready dict}`` of fresh builds in ``cache_dir``.

    The dicts are those datasets writes as ``dataset_info.json``, for the ``default`` and
    ``publication`` configs: what ``dataset_infos.json`` holds.
    """
    import yinyang

    infos = {}
    for name in ("default", "publication"):
        builder = yinyang.YinYang(config_name=name, cache_dir=os.fspath(cache_dir))
        builder.download_and_prepare()
        infos[name] = info_json(builder)
    return infos


def card(infos, text="", *, data_files, download_sizes=None):
    """Return a ``huggingface_hub.DatasetCard``: ``text`` below YAML front matter made from ``infos``.

    Parameters
    ----------
    infos : dict
        Config name -> ``dataset_info.json`` dict (as from :func:`dataset_infos`).
    text : str
        The card's Markdown body.
    data_files : dict
        Config name -> ``{split: (folder, file split)}``, as from :func:`layout`.
    download_sizes : dict or None
        Config name -> bytes of its Parquet files (default: the infos' ``download_size``).

    Returns
    -------
    huggingface_hub.DatasetCard
        Its YAML holds license, names, tags, ``size_categories`` (of the rows of all configs
        together, as the Hub counts them), ``dataset_info`` per config, the ``configs`` block
        mapping each split to its Parquet files (``default`` marked default), and
        :data:`MANAGED_KEY`, the names of these configs.
    """
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard, DatasetCardData

    download_sizes = download_sizes or {}
    dataset_info, configs, rows = [], {}, 0
    for name, info in infos.items():
        splits = [info["splits"][split] for split in SPLIT_ORDER if split in info["splits"]]
        rows += sum(split["num_examples"] for split in splits)
        dataset_info.append({
            "config_name": name,
            "features": _yaml_features(info["features"]),
            "splits": [{key: split[key] for key in ("name", "num_bytes", "num_examples")}
                       for split in splits],
            "download_size": download_sizes.get(name, info.get("download_size", 0)),
            "dataset_size": info["dataset_size"],
        })
        configs[name] = {
            "data_files": [{"split": split["name"], "path": "{}/{}-*".format(
                *data_files[name][split["name"]])} for split in splits],
            **({"default": True} if name == "default" else {}),
        }
    data = DatasetCardData(**_CARD_METADATA, size_categories=[_size_category(rows)],
                           dataset_info=dataset_info, **{MANAGED_KEY: list(infos)})
    MetadataConfigs(configs).to_dataset_card_data(data)
    return DatasetCard(f"---\n{data.to_yaml()}\n---\n{text}")


def body(content):
    """Return a Markdown file's text after its YAML front matter (all of it if it has none)."""
    from huggingface_hub import DatasetCard

    if not content.lstrip().startswith("---"):
        return content
    return DatasetCard(content, ignore_metadata_errors=True).text


# What a PyPI visitor reads instead of the repository's set-up (which works in a clone).
_PYPI_SETUP = """## Set up

```bash
python -m pip install yinyang-dataset
```

installs the package (`datasets`, `pyarrow`, `numpy`); `yinyang build` then builds the paper's
split into the `datasets` cache and prints each split with its class counts. Extras: `plot`
(matplotlib), `torch` (for `yinyang baselines` and `yinyang.to_torch`; a CPU build is enough:
`pip install torch --index-url https://download.pytorch.org/whl/cpu`).

"""
# Sections of the repository README that concern a clone only.
_REPOSITORY_ONLY = ("Development",)


def _pypi_sections(text):
    """The README body with the set-up for PyPI and without the clone-only sections."""
    parts = re.split(r"(?m)^(?=## )", text)
    kept = []
    for part in parts:
        title = part[3:].split("\n", 1)[0].strip() if part.startswith("## ") else None
        if title == "Set up":
            kept.append(_PYPI_SETUP)
        elif title not in _REPOSITORY_ONLY:
            kept.append(part)
    return "".join(kept)


def pypi_description(readme_text):
    """Return the PyPI long description made from the README: its body without the YAML front
    matter, the picture linked absolutely, the set-up for a pip install, no Development section.

    Raises ``ValueError`` for any other relative link, which would break on PyPI.

    >>> print(pypi_description("---\\nlicense: mit\\n---\\n# Title\\n\\n![a](images/yinyang.png)\\n"))
    # Title
    <BLANKLINE>
    ![Samples of the Yin-Yang dataset coloured by class (picture from the upstream repository)](https://raw.githubusercontent.com/lkriener/yin_yang_data_set/HEAD/data.png)
    <BLANKLINE>
    """

    def absolute(match):
        image, _, target = match.groups()
        if re.match(r"[a-z]+:|#", target):
            return match.group(0)
        if image and target in _PYPI_IMAGES:
            return "![{}]({})".format(*_PYPI_IMAGES[target])
        raise ValueError(f"README.md links {target!r} relatively, which breaks on PyPI; link it "
                         f"absolutely (e.g. {UPSTREAM}) or add it to the card's _PYPI_IMAGES.")

    return _MARKDOWN_LINK.sub(absolute, _pypi_sections(body(readme_text))).lstrip("\n")


def update_card(readme="README.md", infos="dataset_infos.json", pypi="PYPI.md", *, check=False):
    """Rewrite the YAML front matter of ``readme``, the file ``infos`` and the PyPI description
    ``pypi`` from fresh builds and the README.

    Parameters
    ----------
    readme, infos, pypi : str or os.PathLike
        The card whose body is kept byte for byte, the ``dataset_infos.json`` to write, and the
        PyPI long description (:func:`pypi_description` of the README).
    check : bool
        Write nothing; only report what would change.

    Returns
    -------
    list of pathlib.Path
        The paths whose content changed (with ``check=True``: would change).
    """
    readme, infos, pypi = pathlib.Path(readme), pathlib.Path(infos), pathlib.Path(pypi)
    if not readme.is_file():
        raise FileNotFoundError(
            f"'readme' must be an existing file, got {os.fspath(readme)!r}: run in a clone of "
            "the repository (the card is its README.md), or pass --readme PATH.")
    for name, path in (("infos", infos), ("pypi", pypi)):
        if not path.parent.is_dir():
            raise FileNotFoundError(
                f"'{name}' must be in an existing folder, got {os.fspath(path)!r}."
            )
    text = body(readme.read_text(encoding="utf-8"))
    description = pypi_description(text)
    with tempfile.TemporaryDirectory(prefix="yinyang-card-") as cache_dir:
        fresh = dataset_infos(cache_dir)
    new = {
        readme: str(card(fresh, text, data_files=_fixed_layout())),
        infos: json.dumps(fresh, indent=2, sort_keys=True) + "\n",
        pypi: description,
    }
    changed = [path for path, text in new.items()
               if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if not check:
        for path in changed:
            path.write_text(new[path], encoding="utf-8")
    return changed


def _run(args):
    changed = update_card(args.readme, args.infos, args.pypi, check=args.check)
    names = ", ".join(str(path) for path in changed)
    if args.check:
        if changed:
            print(f"{PROG}: out of date: {names}; run: yinyang card", file=sys.stderr)
            return 1
        print("up to date")
    else:
        print(f"wrote {names}" if changed else "up to date")
    return 0


def register(commands):
    """Add ``yinyang card`` to the subcommands ``commands``."""
    parser = commands.add_parser(
        "card", help="regenerate README.md's YAML front matter, dataset_infos.json and PYPI.md",
        description="Rebuild the 'default' and 'publication' configs in a temporary cache and "
        "rewrite the YAML front matter of README (the Hub card metadata: license, tags, "
        "dataset_info, configs) and the INFOS file from them, and PYPI (the PyPI description: "
        "README's text without front matter, the picture linked absolutely). README's text is "
        "kept as it is.",
    )
    parser.add_argument("--readme", default="README.md", help="default: %(default)s")
    parser.add_argument("--infos", default="dataset_infos.json", help="default: %(default)s")
    parser.add_argument("--pypi", default="PYPI.md", help="default: %(default)s")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any of the three files is out of date")
    parser.set_defaults(run=_run)
