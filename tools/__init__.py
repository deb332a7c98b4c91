"""Everything around the Yin-Yang dataset that is not the builder or the sampler.

Installed as ``yinyang_tools``; one module per job, each also registering its subcommands of the
``yinyang`` command:

- ``cli``: the ``yinyang`` command (``main``), which gathers the subcommands below;
- ``build``: ``yinyang build``, a build into the ``datasets`` cache with class counts;
- ``hub``: ``export`` and ``push``, the dataset as a Hub repo (Parquet, card, picture; no code);
- ``card``: the dataset card's YAML metadata, ``dataset_infos.json`` and the PyPI description
  (``yinyang card``);
- ``facts``: what the cards say about the dataset (paper, citation, publications, uses,
  limitations), written down once; ``hub_card``: the Hub card's text made from them;
- ``plot``: the picture of the splits (matplotlib, the ``plot`` extra);
- ``baselines``: the paper's reference networks (PyTorch, the ``torch`` extra).

Imports flow one way: ``cli`` -> the job modules -> ``yinyang`` (the builder) ->
``yinyang_generator`` (the sampler). Heavy libraries are imported inside the functions that
need them, so importing any of these modules stays light.
"""
