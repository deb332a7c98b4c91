"""`yinyang plot`: a PNG of the three splits side by side, coloured by class, with a legend."""

import sys

import pytest

from helpers import ROOT, run_cli
from yinyang_tools import plot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SMALL = {"size": 300, "validation_size": 100, "test_size": 100}


def read_png(path):
    """Return the image matplotlib reads back from ``path``, as an array (rows, columns, RGBA)."""
    import matplotlib.image

    assert path.read_bytes().startswith(PNG_SIGNATURE)
    return matplotlib.image.imread(path)


def test_plot_command_writes_a_png(tmp_path):
    """`yinyang plot PATH` writes a PNG that matplotlib reads back, three panels wide."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "yinyang.png"
    argv = ["plot", str(path), "--size", "300", "--validation-size", "100", "--test-size", "100"]
    assert run_cli(argv)[:2] == (0, f"wrote {path}\n")
    image = read_png(path)
    assert image.ndim == 3 and image.shape[1] > 2 * image.shape[0]


def test_plot_is_reproducible(tmp_path):
    """The same parameters give the same PNG bytes (no timestamp or version in the file)."""
    pytest.importorskip("matplotlib")
    first = plot.plot(tmp_path / "a.png", **SMALL).read_bytes()
    assert plot.plot(tmp_path / "b.png", **SMALL).read_bytes() == first


def test_figure_has_a_panel_per_split_with_equal_aspect_and_a_class_legend():
    """One equal-aspect panel per non-empty split, titled by split, and a yin/yang/dot legend."""
    pytest.importorskip("matplotlib")
    figure = plot._figure({"train": (300, 42), "test": (100, 40)}, 0.1, 0.5, 50)
    assert [ax.get_title().split(":")[0] for ax in figure.axes] == ["train", "test"]
    assert all(ax.get_aspect() == 1.0 for ax in figure.axes)
    assert all(ax.get_xlim() == (0.0, 1.0) == ax.get_ylim() for ax in figure.axes)
    [legend] = figure.legends
    assert [text.get_text() for text in legend.get_texts()] == ["yin", "yang", "dot"]


def test_committed_card_picture_is_a_png():
    """images/yinyang.png, which the card shows, is a PNG of the three splits side by side."""
    pytest.importorskip("matplotlib")
    image = read_png(ROOT / "images" / "yinyang.png")
    assert image.shape[1] > 2 * image.shape[0]


def test_without_matplotlib_the_command_names_the_extra(tmp_path, monkeypatch):
    """Without matplotlib, `yinyang plot` says to install the plot extra, and writes nothing."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = run_cli(["plot", str(tmp_path / "yinyang.png")])
    assert status == 1 and err == ("yinyang plot: error: drawing needs matplotlib (the 'plot' extra): "
                   "pip install matplotlib\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kwargs, match", [
    ({"size": -1}, "'size'"),
    ({"validation_seed": 42}, "'validation_seed' must differ from 'train_seed'"),
    ({"sizes": 10}, "'sizes' is not a parameter"),
    ({"dpi": True}, "'dpi'"),
])
def test_plot_refuses_bad_parameters_before_drawing(tmp_path, kwargs, match):
    """The dataset's own rules apply to the picture; a refusal names the parameter and no file
    is written."""
    with pytest.raises((TypeError, ValueError), match=match):
        plot.plot(tmp_path / "yinyang.png", **kwargs)
    assert list(tmp_path.iterdir()) == []
