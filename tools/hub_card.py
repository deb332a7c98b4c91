"""The Hub card's Markdown body, written for visitors of the Hub dataset repo.

It follows the Hugging Face dataset card template (description and sources, uses, structure,
creation, personal information, bias and limitations, citation, authors and contact) and is made
from :mod:`yinyang_tools.facts` and the configs of the export, so it names the repo it is loaded
from, each config's exact seeds, radii and files, and nothing that only exists in this package's
source repository. ``yinyang export`` writes it below the YAML of :func:`yinyang_tools.card.card`.

>>> from yinyang_generator.parameters import check_parameters
>>> from yinyang_tools.card import layout
>>> configs = {"default": check_parameters(), "publication": check_parameters()}
>>> text = hub_card_text("someone/yinyang", configs, layout(configs))
>>> 'load_dataset("someone/yinyang", "publication")' in text
True
"""

import importlib.metadata

from yinyang_generator import SPLITS

from .facts import (APA, BIBTEX, DESCRIPTION, LICENSE, LIMITATIONS, OUT_OF_SCOPE_USES, PAPER,
                    REPRODUCED, UPSTREAM, USES, publications_markdown)

__all__ = ["PLACEHOLDER", "hub_card_text"]

#: Stands for the repo id in a card written without one (``yinyang export`` without
#: ``--repo-id``); still a valid string in the code examples.
PLACEHOLDER = "<namespace>/<name>"

_DISTRIBUTION = "yinyang-dataset"


def _version():
    try:
        return importlib.metadata.version(_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _bullets(items):
    return "\n".join(f"- {item}" for item in items)


def _results_table():
    """The reference results: published (paper) and reproduced (this package) test accuracy."""
    from .baselines import PUBLISHED, format_table

    return format_table({"networks": {
        name: {"published": {"mean": PUBLISHED[name][0], "std": PUBLISHED[name][1]},
               "test": {"mean": mean, "std": std}}
        for name, (mean, std) in REPRODUCED.items()}})


def _configs_table(configs, data_files):
    """One row per config: rows, seeds and radii of each split, and the files it reads."""
    lines = ["| config | train | validation | test | seeds (train / validation / test) | "
             "r_small / r_big | files |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, parameters in configs.items():
        sizes = [f"{parameters[size]:,}" if parameters[size] else "–"
                 for size, _ in SPLITS.values()]
        seeds = " / ".join(str(parameters[seed]) if parameters[size] else "–"
                           for size, seed in SPLITS.values())
        files = ", ".join(dict.fromkeys(f"`{folder}/{split}-*`"
                                        for folder, split in data_files[name].values()))
        lines.append(f"| `{name}` | {' | '.join(sizes)} | {seeds} | "
                     f"{parameters['r_small']} / {parameters['r_big']} | {files} |")
    return "\n".join(lines)


def _shared_files_note(configs, data_files):
    """Say which configs read the same files, and what the Hub's row count therefore means."""
    rows = sum(parameters[size] for parameters in configs.values() for size, _ in SPLITS.values())
    stored = {where for splits in data_files.values() for where in splits.values()}
    unique = sum(configs[_owner(folder)][SPLITS[split][0]] for folder, split in stored)
    text = (
        "`default` and `publication` read the same files (`data/`), so no byte is stored twice: "
        "`publication` names the paper's split, and `default` is what `load_dataset` loads when "
        "no config is named."
    )
    if len(configs) > 2:
        text += (" A split of another config that equals one stored already (same size, seed and "
                 "radii, hence the same rows) points at those files too.")
    return text + (
        f" The Hub counts the rows of every config, {rows:,} in all; {unique:,} of them are "
        "distinct."
    )


def _owner(folder):
    return "default" if folder == "data" else folder


def hub_card_text(repo_id, configs, data_files):
    """Return the Hub card's Markdown body (no YAML).

    Parameters
    ----------
    repo_id : str or None
        ``"namespace/name"`` of the Hub repo the card is for; ``None`` writes
        :data:`PLACEHOLDER` and a sentence saying what it stands for.
    configs : dict
        Config name -> its eight checked parameters, in the card's order.
    data_files : dict
        Config name -> ``{split: (folder, file split)}``, as from
        :func:`yinyang_tools.card.layout`.

    Returns
    -------
    str
        Markdown, ending with a newline.
    """
    repo = repo_id if repo_id is not None else PLACEHOLDER
    extra = [name for name in configs if name not in ("default", "publication")]
    if repo_id is None:
        placeholder = (
            f"\n`{PLACEHOLDER}` stands for the id of the Hub repository that holds this card: "
            "it was written without one (`yinyang export` without `--repo-id`).\n")
        contact = "the Community tab of the Hub repository that holds this card"
    else:
        placeholder = ""
        contact = (f"the [Community tab](https://huggingface.co/datasets/{repo_id}/discussions) "
                   "of this repository")
    loads = [(f'ds = load_dataset("{repo}")', "the paper's split: 5000 / 1000 / 1000 rows"),
             (f'paper = load_dataset("{repo}", "publication")',
              "the same rows, by the paper's name")]
    loads += [(f'more = load_dataset("{repo}", "{name}")', "an extra config (table below)")
              for name in extra[:1]]
    width = max(len(code) for code, _ in loads) + 2
    examples = "\n".join(f"{code.ljust(width)}# {comment}" for code, comment in loads)
    paper_link = f"[{PAPER['title']}](https://doi.org/{PAPER['doi']})"
    arxiv = f"[arXiv:{PAPER['arxiv']}](https://arxiv.org/abs/{PAPER['arxiv']})"
    return f"""\
# The Yin-Yang dataset

{DESCRIPTION}

![The train, validation and test splits of the paper, coloured by class](images/yinyang.png)

## Dataset Details

### Dataset Description

- **Curated by:** {PAPER['authors']} (the paper's authors), who published the generator and the
  paper's split
- **Task:** multi-class classification of 4 numbers into 3 classes (tabular)
- **Language(s):** none; the data are numbers
- **License:** {LICENSE}

### Dataset Sources

- **Paper:** {PAPER['authors']}, {paper_link}, {PAPER['venue']} ({PAPER['year']}), {arxiv}
- **Upstream code and data:** [{UPSTREAM.removeprefix('https://')}]({UPSTREAM}), the published
  generator and the paper's split as `.npy` files
- **This copy:** Parquet files written by the Python package `{_DISTRIBUTION}` (version
  {_version()}), whose sampler reproduces the upstream generator's random stream bit for bit; the
  `publication` rows were checked against the sha256 digests of the published files

## Uses

```python
from datasets import load_dataset

{examples}
```
{placeholder}
The repository holds Parquet files and this card, no code: any `datasets` version from 3.6 on
loads it without `trust_remote_code`, and any Parquet reader (pandas, polars, duckdb) reads the
files listed below. For exact float64 values use `ds["train"].with_format("arrow")`, pandas or
polars (see the limitations below).

Sizes, seeds or radii other than those of the configs below are not stored here; the package
`{_DISTRIBUTION}` makes them on your machine, the same rows bit for bit for the same parameters:

```python
# pip install {_DISTRIBUTION}
from datasets import load_dataset

mine = load_dataset("yinyang", size=100_000, train_seed=7)  # the installed builder, no import
```

### Direct Use

{_bullets(USES)}

### Out-of-Scope Use

{_bullets(OUT_OF_SCOPE_USES)}

## Dataset Structure

| field | type | content |
| --- | --- | --- |
| `inputs` | 4 × float64 (fixed-length sequence) | `(x1, y1, 1 - x1, 1 - y1)`, with `x1, y1` in `[0, 2 * r_big]` |
| `label` | `ClassLabel` | 0 `yin`, 1 `yang`, 2 `dot` |

Every config has fixed parameters; a split's rows are those of the published generator with that
split's size and seed and the config's radii:

{_configs_table(configs, data_files)}

{_shared_files_note(configs, data_files)}

## Dataset Creation

### Curation Rationale

A learning rule that only trains a network's last layer reaches the accuracy of a shallow
network; the dataset makes that visible at a glance, with a task small enough for spiking
networks and neuromorphic hardware.

### Source Data

#### Data Collection and Processing

Nothing is collected: every row is drawn by the published rejection sampler. For each sample, one
legacy `numpy.random.RandomState(seed)` per split draws a goal class with `randint(3)`, then points
`rand(2) * 2 * r_big` until one lies inside the big circle and in the goal class. The class
regions: `dot` within `r_small` of one of the two centres `(0.5 r_big, r_big)` and
`(1.5 r_big, r_big)`, `yang` and `yin` split by the two half circles. Numpy promises never to
change the legacy `RandomState` stream (NEP 19), so the same parameters give the same rows on every
machine; a smaller size with the same seed gives a prefix of a larger one.

#### Who are the source data producers?

No person: a pseudo-random number generator (MT19937), through the generator of the paper's
authors.

### Annotations

None: each label follows from the point's position (the class regions above).

### Personal and Sensitive Information

None. The data are synthetic points in a square; they describe no person and hold no
personal, sensitive or identifying information.

## Bias, Risks, and Limitations

{_bullets(LIMITATIONS)}

### Recommendations

Report the config (or the sizes, seeds and radii) you trained on, use the `validation` split, not
`test`, to choose hyperparameters, and read the inputs as float64 when exact values matter.

## Reference results

Test accuracy [%], mean ± std over 20 runs, on the `publication` split. Published: Kriener et
al. ({PAPER['year']}). Reproduced: the `{_DISTRIBUTION}` package's PyTorch re-implementation of the
published protocol (float32 inputs, cross-entropy, Adam with learning rate 0.01, batch size 20
with shuffling, 300 epochs, accuracy after the last epoch). Another CPU or PyTorch version may
change the last digits of the reproduced figures (float32 kernels round differently).

{_results_table()}

## Publications that used the dataset

{publications_markdown()}

The upstream repository keeps this list; its authors ask to be told of new publications.

## Citation

**BibTeX:**

```bibtex
{BIBTEX.rstrip()}
```

**APA:**

{APA}

## License

{LICENSE}, as the published generator and data (the `LICENSE` file of the upstream repository).

## Dataset Card Authors

Written by the `{_DISTRIBUTION}` package (version {_version()}) from the paper and the upstream
repository.

## Dataset Card Contact

Questions about the dataset, and publications that use it: the upstream repository's
[issues]({UPSTREAM}/issues). Questions about this copy: {contact}.
"""
