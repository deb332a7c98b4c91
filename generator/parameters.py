"""The eight parameters of a Yin-Yang dataset and the paper's values, defined once (numpy only).

A dataset has three splits, each ``sample(size, seed, r_small=..., r_big=...)`` with its own size
and seed and shared radii. These parameters are the keyword arguments of
``load_dataset("yinyang", ...)``, the fields of ``yinyang.YinYangConfig`` and the options of the
``yinyang`` command (``--size``, ``--train-seed``, ...); all of them are derived from here.
"""


from ._checks import check_count, check_radii, check_seed
from .sampler import R_BIG, R_SMALL

__all__ = [
    "PARAMETERS", "PUBLICATION_PARAMETERS", "PUBLICATION_SPLITS", "SPLITS", "check_parameters",
    "split_plan", "unknown_parameter",
]

#: Split name -> (its size parameter, its seed parameter), in the order splits are generated.
SPLITS = {
    "train": ("size", "train_seed"),
    "validation": ("validation_size", "validation_seed"),
    "test": ("test_size", "test_seed"),
}

#: The paper's split (Kriener, Göltz, Petrovici 2022): split name -> (size, seed), with the
#: default radii ``R_SMALL`` and ``R_BIG``.
PUBLICATION_SPLITS = {"train": (5000, 42), "validation": (1000, 41), "test": (1000, 40)}

#: The eight parameters with the paper's values: sizes, then seeds, then radii.
PUBLICATION_PARAMETERS = {
    **{size: PUBLICATION_SPLITS[split][0] for split, (size, _) in SPLITS.items()},
    **{seed: PUBLICATION_SPLITS[split][1] for split, (_, seed) in SPLITS.items()},
    "r_small": R_SMALL,
    "r_big": R_BIG,
}

#: The names of the eight parameters, in a fixed order.
PARAMETERS = tuple(PUBLICATION_PARAMETERS)


def check_parameters(**parameters):
    """Return all eight parameters, checked and canonical, the paper's values where not given.

    Parameters
    ----------
    **parameters
        Any of :data:`PARAMETERS`.

    Returns
    -------
    dict
        ``{name: value}`` for every name of :data:`PARAMETERS`, in that order: sizes and seeds
        as ``int``, radii as ``float``.

    Raises ``TypeError`` or ``ValueError`` naming the parameter for a bad value, ``ValueError``
    for an unknown name, two non-empty splits sharing a seed (the smaller would be a prefix of the larger) or
    no rows at all.

    Examples
    --------
    >>> check_parameters(size=100, r_big=1)["r_big"]
    1.0
    """
    for name in parameters:
        if name not in PUBLICATION_PARAMETERS:
            raise unknown_parameter(name)
    values = {**PUBLICATION_PARAMETERS, **parameters}
    for size_name, seed_name in SPLITS.values():
        values[size_name] = check_count(size_name, values[size_name])
        values[seed_name] = check_seed(seed_name, values[seed_name])
    values["r_small"], values["r_big"] = check_radii(values["r_small"], values["r_big"])
    used = {}
    for size_name, seed_name in SPLITS.values():
        seed = values[seed_name]
        if values[size_name] == 0:
            continue
        if seed in used:
            other_size = SPLITS[next(s for s, (_, n) in SPLITS.items() if n == used[seed])][0]
            raise ValueError(
                f"'{seed_name}' must differ from '{used[seed]}', got {seed} for both: two splits "
                "with the same seed and radii overlap (the smaller is a prefix of the larger), "
                "which leaks one split into the other; give another seed, or "
                f"{size_name}=0 / {other_size}=0 to leave a split out."
            )
        used[seed] = seed_name
    if not used:
        sizes = [size for size, _ in SPLITS.values()]
        raise ValueError(
            f"At least one of {', '.join(repr(s) for s in sizes)} must be > 0, got all 0."
        )
    return {name: values[name] for name in PARAMETERS}


def unknown_parameter(name):
    """Return the ``ValueError`` for a keyword ``name`` that is not one of :data:`PARAMETERS`.

    >>> print(unknown_parameter("sizes"))
    'sizes' is not a parameter of the yinyang dataset (did you mean 'size'?), which takes only size, validation_size, test_size, train_seed, validation_seed, test_seed, r_small, r_big.
    """
    import difflib  # only for this message: importing it costs a fresh sample() ~1 ms

    # ``seed`` is the sampler's name; a dataset has one seed per split.
    close = ["train_seed"] if name == "seed" else difflib.get_close_matches(str(name), PARAMETERS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return ValueError(
        f"'{name}' is not a parameter of the yinyang dataset{hint}, which takes only "
        f"{', '.join(PARAMETERS)}."
    )


def split_plan(parameters):
    """Return ``{split: (size, seed)}`` of the non-empty splits of checked ``parameters``.

    >>> split_plan(check_parameters(validation_size=0))
    {'train': (5000, 42), 'test': (1000, 40)}
    """
    return {split: (parameters[size], parameters[seed]) for split, (size, seed) in SPLITS.items()
            if parameters[size] > 0}
