"""The facts the cards state are written down once (yinyang_tools.facts): the repository README,
the builder's metadata and the reference results agree with them."""

import json
import re

import pytest

import yinyang
from helpers import ROOT
from yinyang_tools import facts

pytestmark = pytest.mark.compat
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_the_publications_of_the_facts():
    """README's "Publications that used it" is facts.publications_markdown(), all eight."""
    section = README.split("## Publications that used it\n", 1)[1].split("\n## ", 1)[0]
    assert facts.publications_markdown() in section
    assert section.count("\n- ") == len(facts.PUBLICATIONS) == 8


def test_readme_and_builder_cite_the_paper_as_the_facts():
    """README's BibTeX and APA, and the builder's _CITATION, are the facts' citation; the
    builder's homepage is the upstream repository."""
    section = README.split("## Citation\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```bibtex\n(.*?)```", section, flags=re.DOTALL) == [facts.BIBTEX]
    assert f"APA: {facts.APA}" in section
    assert yinyang._CITATION == facts.BIBTEX
    assert yinyang._HOMEPAGE == facts.UPSTREAM and yinyang._LICENSE == facts.LICENSE


def test_every_publication_has_a_checked_identifier():
    """Each publication has a title, authors, venue, year and a doi or an arXiv id of the right
    shape (no guessed page ranges or volumes)."""
    for publication in facts.PUBLICATIONS:
        assert set(publication) <= {"title", "authors", "venue", "year", "doi", "arxiv", "note"}
        assert {"title", "authors", "venue", "year"} <= set(publication)
        assert "doi" in publication or "arxiv" in publication
        assert re.fullmatch(r"10\.\d{4,5}/\S+", publication.get("doi", "10.1000/x"))
        assert re.fullmatch(r"\d{4}\.\d{5}", publication.get("arxiv", "0000.00000"))


def test_reproduced_results_are_those_of_the_baselines_file():
    """facts.REPRODUCED holds the test accuracies of results/baselines.json (20 runs, 300 epochs)."""
    results = json.loads((ROOT / "results" / "baselines.json").read_text(encoding="utf-8"))
    assert results["protocol"]["runs"] == 20 and results["protocol"]["epochs"] == 300
    assert facts.REPRODUCED == {name: (entry["test"]["mean"], entry["test"]["std"])
                                for name, entry in results["networks"].items()}
