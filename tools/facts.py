"""What the cards say about the dataset, written down once: the paper, its citation, the
upstream code, the publications that used the dataset, uses, limitations, reference results.

The Hub card (``yinyang_tools.hub_card``) is made from these; tests check that the repository
README's citation and publication list and ``results/baselines.json`` agree with them. Every publication's authors, venue, year and
identifiers were checked against the publisher's or arXiv's record; a detail that could not be
checked is left out (long author lists end in "et al.").

>>> from yinyang_tools.facts import PUBLICATIONS, publication_markdown
>>> len(PUBLICATIONS)
8
>>> print(publication_markdown(PUBLICATIONS[1]))
- EventProp: Backpropagation for Exact Gradients in Spiking Neural Networks; T. Wunderlich,
  C. Pehle; Scientific Reports (2021),
  [doi:10.1038/s41598-021-91786-z](https://doi.org/10.1038/s41598-021-91786-z)
  ([arXiv:2009.08378](https://arxiv.org/abs/2009.08378)).
"""

import textwrap

from yinyang_generator.publication import BIBTEX, LICENSE, UPSTREAM

__all__ = [
    "APA", "BIBTEX", "DESCRIPTION", "LICENSE", "LIMITATIONS", "OUT_OF_SCOPE_USES", "PAPER",
    "PUBLICATIONS", "REPRODUCED", "UPSTREAM", "USES", "publication_markdown",
    "publications_markdown",
]

#: The dataset's paper (Kriener, Göltz, Petrovici 2022).
PAPER = {
    "title": "The Yin-Yang dataset",
    "authors": "L. Kriener, J. Göltz, M. A. Petrovici",
    "venue": "Neuro-Inspired Computational Elements Conference (NICE), ACM",
    "year": 2022,
    "doi": "10.1145/3517343.3517380",
    "arxiv": "2102.08211",
}

# The upstream code's address, the license and the paper's BibTeX are defined where the builder
# reads them too (numpy-only yinyang_generator.publication), so they are written once.
#: The same reference in APA style (no page range: the proceedings' pages were not checked).
APA = ("Kriener, L., Göltz, J., & Petrovici, M. A. (2022). The Yin-Yang dataset. In "
       "*Neuro-Inspired Computational Elements Conference (NICE 2022)*. ACM. "
       "https://doi.org/10.1145/3517343.3517380")

#: What the dataset is and why it exists, in two paragraphs of Markdown.
DESCRIPTION = """\
A tiny, synthetic 2-D classification dataset with a large, clear accuracy gap between model
classes. Each sample is a point `(x1, y1)` in a yin-yang symbol plus its mirror
`(1 - x1, 1 - y1)`, labelled `yin`, `yang` or `dot`. A shallow (linear) network reaches about
64 % test accuracy, a network with a frozen random hidden layer about 86 %, and a trained 4-30-3
network about 98 %.

It was made for research on biologically plausible learning and on spiking neural networks
(SNNs), as a small alternative to MNIST on which a learning rule has to show that it really
trains its hidden layers. The mirrored inputs let neuron models without an intrinsic bias solve
it, and its size keeps training runs short, also on neuromorphic hardware."""

#: Direct uses, one Markdown bullet each.
USES = (
    "Benchmarking learning rules and training methods for spiking and biologically plausible "
    "networks: the gap between shallow (~64 %), frozen-hidden-layer (~86 %) and trained deep "
    "(~98 %) networks shows whether hidden layers are really trained.",
    "Quick checks of neuromorphic hardware, simulators and training code on a task small enough "
    "for seconds-long runs, often encoded as time-to-first-spike inputs.",
    "Comparing with the publications below on the same split: the `publication` config is the "
    "paper's split, byte for byte.",
)

#: Out-of-scope uses, one Markdown bullet each.
OUT_OF_SCOPE_USES = (
    "Evidence about real-world data or people: the points are drawn by a random number "
    "generator from a fixed geometric rule; nothing here is measured.",
    "Ranking large models: a trained 4-30-3 network already reaches about 98 %, so differences "
    "between strong models are within run-to-run noise.",
    "Claims about robustness, fairness or generalisation beyond this 2-D toy task.",
)

#: Bias, risks and limitations, one Markdown bullet each.
LIMITATIONS = (
    "Classes are balanced in expectation, not exactly: each sample's class is drawn at random "
    "(the paper's training split holds 1681 yin, 1702 yang and 1617 dot samples).",
    "The `inputs` are float64. The numpy, torch and jax formatters of `datasets` "
    "(`with_format(\"numpy\")`, ...) cast them to float32; the Arrow, pandas and polars "
    "formats keep float64.",
    "The published generator squares with `** 2` on numpy scalars, which calls the C library's "
    "`pow`; it is not always correctly rounded, so two machines could label differently a point "
    "whose squared distance lies within one ulp of a class boundary, about once in 10^15 "
    "samples. The files here were checked against the published files of the paper's split.",
    "A split is a prefix of a longer split with the same seed and radii: configs must give "
    "train, validation and test different seeds, or they overlap.",
)

#: Test accuracy [%] reproduced by ``yinyang baselines --runs 20 --epochs 300``, as (mean,
#: population std) over the 20 runs: the ``test`` entries of ``results/baselines.json`` (a test
#: checks them). The published values are ``yinyang_tools.baselines.PUBLISHED``.
REPRODUCED = {
    "ANN (4-30-3)": (98.015, 0.8039123086506403),
    "ANN (4-30-3) frozen lower weights": (85.83, 5.605720292701021),
    "Shallow network": (64.25, 1.1842719282327012),
}

#: The publications that used the dataset (the upstream repository's list), oldest first.
#: ``authors`` as printed in the paper (abbreviated first names); ``doi`` and ``arxiv`` where
#: the work has one.
PUBLICATIONS = (
    {
        "title": "Fast and deep: energy-efficient neuromorphic learning with first-spike times",
        "authors": "J. Göltz, L. Kriener, A. Baumbach, S. Billaudelle, O. Breitwieser, B. Cramer, "
                   "D. Dold, A. F. Kungl, W. Senn, J. Schemmel, K. Meier, M. A. Petrovici",
        "venue": "Nature Machine Intelligence", "year": 2021,
        "doi": "10.1038/s42256-021-00388-x", "arxiv": "1912.11443",
        "note": "Its data are the `publication` config.",
    },
    {
        "title": "EventProp: Backpropagation for Exact Gradients in Spiking Neural Networks",
        "authors": "T. Wunderlich, C. Pehle",
        "venue": "Scientific Reports", "year": 2021,
        "doi": "10.1038/s41598-021-91786-z", "arxiv": "2009.08378",
    },
    {
        "title": "A Scalable Approach to Modeling on Accelerated Neuromorphic Hardware",
        "authors": "E. Müller, E. Arnold, O. Breitwieser, et al.",
        "venue": "Frontiers in Neuroscience", "year": 2022,
        "doi": "10.3389/fnins.2022.884128",
    },
    {
        "title": "Exact Gradient Computation for Spiking Neural Networks via Forward Propagation",
        "authors": "J. H. Lee, S. Haghighatshoar, A. Karbasi",
        "venue": "Proceedings of AISTATS, PMLR 206", "year": 2023,
        "arxiv": "2210.15415",
    },
    {
        "title": "hxtorch.snn: Machine-learning-inspired Spiking Neural Network Modeling on "
                 "BrainScaleS-2",
        "authors": "P. Spilger, E. Arnold, L. Blessing, C. Mauch, C. Pehle, E. Müller, "
                   "J. Schemmel",
        "venue": "Neuro-Inspired Computational Elements Conference (NICE), ACM", "year": 2023,
        "doi": "10.1145/3584954.3584993", "arxiv": "2212.12210",
    },
    {
        "title": "Safe semi-supervised learning for pattern classification",
        "authors": "J. Ma, G. Yu, W. Xiong, X. Zhu",
        "venue": "Engineering Applications of Artificial Intelligence", "year": 2023,
        "doi": "10.1016/j.engappai.2023.106021",
    },
    {
        "title": "Event-based Backpropagation for Analog Neuromorphic Hardware",
        "authors": "C. Pehle, L. Blessing, E. Arnold, E. Müller, J. Schemmel",
        "venue": "arXiv preprint", "year": 2023,
        "arxiv": "2302.07141",
    },
    {
        "title": "Learning efficient backprojections across cortical hierarchies in real time",
        "authors": "K. Max, L. Kriener, et al.",
        "venue": "Nature Machine Intelligence", "year": 2024,
        "doi": "10.1038/s42256-024-00845-3", "arxiv": "2212.10249",
    },
)


def publication_markdown(publication):
    """Return one publication as a Markdown bullet, wrapped at 100 columns."""
    links = []
    if "doi" in publication:
        links.append(f"[doi:{publication['doi']}](https://doi.org/{publication['doi']})")
    if "arxiv" in publication:
        arxiv = f"[arXiv:{publication['arxiv']}](https://arxiv.org/abs/{publication['arxiv']})"
        links.append(f"({arxiv})" if links else arxiv)
    # A name's initials stay on the line of its surname.
    authors = publication["authors"].replace(". ", ".\0")
    text = (f"{publication['title']}; {authors}; {publication['venue']} "
            f"({publication['year']}), {' '.join(links)}.")
    if "note" in publication:
        text += " " + publication["note"]
    return textwrap.fill(text, width=100, initial_indent="- ", subsequent_indent="  ",
                         break_long_words=False, break_on_hyphens=False).replace("\0", " ")


def publications_markdown():
    """Return the Markdown list of :data:`PUBLICATIONS`, one bullet each."""
    return "\n".join(publication_markdown(publication) for publication in PUBLICATIONS)
