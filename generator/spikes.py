"""Time-to-first-spike encoding of Yin-Yang inputs (numpy only).

Spiking-network papers feed each input value ``v`` in [0, 1] as one spike at
``t = t_early + v * (t_late - t_early)``, usually with one extra bias spike at a fixed time. The
defaults ``t_early = 0.15`` and ``t_late = 2.0`` are those of Fast & Deep (Göltz, Kriener et al.
2021), in units of the synaptic time constant; there is no bias spike unless ``t_bias`` is given
(Fast & Deep: ``t_bias=T_BIAS``, 0.9). Times are unitless here: pass milliseconds for
EventProp-style code.

Spike times are the natural output (event-based simulators take them as they are); a dense 0/1
raster with an explicit ``dt`` is available for time-stepped simulators.
"""

import math

import numpy as np

from ._checks import check_count, check_finite, describe

__all__ = ["SpikeEncoder", "T_BIAS", "T_EARLY", "T_LATE", "spike_raster", "spike_times"]

#: Fast & Deep (Göltz, Kriener et al. 2021), in units of the synaptic time constant; pass
#: ``t_bias=T_BIAS`` for its bias spike.
T_EARLY = 0.15
T_LATE = 2.0
T_BIAS = 0.9

# A spike at t = k * dt written in decimal (0.15 with dt = 0.05) must land in step k, although
# 0.15 / 0.05 == 2.9999999999999996 in floating point; this slack (in steps) absorbs that.
_STEP_SLACK = 1e-9
# Inputs of a Yin-Yang row (x1, y1, 1 - x1, 1 - y1): the width of an empty batch.
_YINYANG_INPUTS = 4
# Most steps a raster may have: one row of 2**24 steps and 5 channels is already 80 MB of uint8.
_MAX_STEPS = 2**24


def _check_window(t_early, t_late, t_bias):
    t_early = check_finite("t_early", t_early)
    t_late = check_finite("t_late", t_late)
    t_bias = check_finite("t_bias", t_bias, optional=True)
    if not t_early < t_late:
        raise ValueError(
            f"'t_early' must be smaller than 't_late', got t_early={t_early!r}, "
            f"t_late={t_late!r}."
        )
    if not math.isfinite(t_late - t_early):
        raise ValueError(
            f"'t_late' - 't_early' must be a finite float, got t_early={t_early!r}, "
            f"t_late={t_late!r}."
        )
    return t_early, t_late, t_bias


def _check_dt(dt):
    dt = check_finite("dt", dt)
    if dt <= 0:
        raise ValueError(f"'dt' must be a finite float > 0, got {describe(dt)}.")
    return dt


def _as_array(name, values, axis):
    """Return ``values`` as a finite float64 array with at least one axis, called ``axis``."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"'{name}' must be an array of real numbers of shape (..., {axis}), got "
            f"{type(values).__name__}."
        ) from error
    if array.ndim == 0:
        raise ValueError(f"'{name}' must have at least one axis (the {axis}), got a scalar.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"'{name}' must be finite, got NaN or infinite values.")
    return array


def spike_times(inputs, *, t_early=T_EARLY, t_late=T_LATE, t_bias=None):
    """Return the spike time of every input value, plus a bias spike if ``t_bias`` is given.

    Parameters
    ----------
    inputs : array_like
        Values of shape ``(..., features)``: ``(n, 4)`` for a batch of Yin-Yang rows, ``(4,)``
        for one row.
    t_early, t_late : float
        Times of the values 0 and 1; ``t_early < t_late``.
    t_bias : float or None
        Time of one extra bias spike per row, or ``None`` for none.

    Returns
    -------
    numpy.ndarray
        float64 of shape ``(..., features)``, or ``(..., features + 1)`` with the bias time in
        the last column. ``v`` becomes ``t_early + v * (t_late - t_early)``, so values in
        ``[0, 1]`` give times in ``[t_early, t_late]``; values outside are extrapolated.

    Examples
    --------
    >>> spike_times([[0.0, 1.0, 0.5, 0.25]], t_early=0.15, t_late=2.0, t_bias=0.9).tolist()
    [[0.15, 2.0, 1.075, 0.6125, 0.9]]
    """
    t_early, t_late, t_bias = _check_window(t_early, t_late, t_bias)
    values = _as_array("inputs", inputs, "features")
    with np.errstate(over="ignore", invalid="ignore"):
        times = t_early + values * (t_late - t_early)
    if not np.all(np.isfinite(times)):
        raise ValueError(
            "'inputs' must give finite spike times, got values so large that "
            f"t_early + v * (t_late - t_early) overflows float64 (t_early={t_early!r}, "
            f"t_late={t_late!r})."
        )
    if t_bias is None:
        return times
    bias = np.full(values.shape[:-1] + (1,), t_bias, dtype=np.float64)
    return np.concatenate([times, bias], axis=-1)


def spike_raster(times, *, dt, n_steps, dtype=np.uint8):
    """Return a dense 0/1 raster of the spike ``times`` on a grid of ``n_steps`` steps of ``dt``.

    Parameters
    ----------
    times : array_like
        Spike times of shape ``(..., channels)``, one spike per channel, in
        ``[0, n_steps * dt)``; others raise ``ValueError``.
    dt : float
        Step length, > 0. A spike at ``t`` sits in step ``floor(t / dt + 1e-9)`` (at most
        ``n_steps - 1``): step ``k`` covers ``[k * dt, (k + 1) * dt)`` but for its last
        billionth of a step, which belongs to step ``k + 1``, so that a time written as
        ``k * dt`` in decimal lands in step ``k`` (``0.15 / 0.05`` is ``2.9999999999999996``).
    n_steps : int
        Number of steps, in ``[1, 2**24]``.
    dtype : numpy dtype
        Of the raster: bool, integer or float (default uint8).

    Returns
    -------
    numpy.ndarray
        Of shape ``(..., n_steps, channels)``: 1 where a spike falls, 0 elsewhere.

    Examples
    --------
    >>> spike_raster([[0.0, 0.25]], dt=0.1, n_steps=4)[0].T.tolist()
    [[1, 0, 0, 0], [0, 0, 1, 0]]
    """
    dt = _check_dt(dt)
    n_steps = check_count("n_steps", n_steps, minimum=1, maximum=_MAX_STEPS)
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        kind = None
    if kind not in ("b", "i", "u", "f"):
        raise TypeError(f"'dtype' must be a numpy bool, integer or float dtype, got "
                        f"{describe(dtype)}.")
    times = _as_array("times", times, "channels")
    end = n_steps * dt
    outside = ~((times >= 0) & (times < end))
    if np.any(outside):
        raise ValueError(
            f"'times' must lie in [0, n_steps * dt) = [0, {end!r}), got "
            f"{float(times[outside].flat[0])!r}; raise 'n_steps' or 'dt'."
        )
    steps = np.minimum(np.floor(times / dt + _STEP_SLACK), n_steps - 1).astype(np.intp)
    raster = np.zeros(times.shape[:-1] + (n_steps, times.shape[-1]), dtype=dtype)
    np.put_along_axis(raster, steps[..., None, :], 1, axis=-2)
    return raster


class SpikeEncoder:
    """Batched ``Dataset.map`` / ``with_transform`` function that adds spike encodings.

    Called with a batch ``{"inputs": (n, 4) values, ...}`` it returns a dict with
    ``"spike_times"``, float64 ``(n, 4)`` or ``(n, 5)`` with a bias column (see
    :func:`spike_times`), and, when ``dt`` is given, ``"spike_raster"``, uint8
    ``(n, n_steps, channels)`` (see :func:`spike_raster`). ``n_steps`` depends only on the
    parameters, ``floor(t_max / dt) + 1`` with ``t_max = max(t_late, t_bias)`` unless given,
    so every batch has the same shape. A single row (``inputs`` of shape ``(4,)``) works too,
    and an empty batch (``[]``, as ``ds[0:0]`` gives) has ``n = 0`` rows of 4 inputs.

    >>> encode = SpikeEncoder(t_early=0.15, t_late=2.0, t_bias=0.9, dt=0.05)
    >>> encode.n_steps
    41
    >>> out = encode({"inputs": [[0.0, 1.0, 0.5, 0.5]], "label": [0]})
    >>> out["spike_times"].shape, out["spike_raster"].shape
    ((1, 5), (1, 41, 5))

    With ``datasets``: ``ds.map(encode, batched=True)`` adds the columns, and
    ``ds.with_transform(encode)`` computes them on access. A transform's output replaces the
    row, so pass ``keep_columns=True`` there to keep ``inputs`` and ``label`` beside the spikes
    (not with ``map``, which keeps them anyway and would lose the ClassLabel type).
    """

    def __init__(self, *, t_early=T_EARLY, t_late=T_LATE, t_bias=None, dt=None, t_max=None,
                 column="inputs", keep_columns=False):
        self.t_early, self.t_late, self.t_bias = _check_window(t_early, t_late, t_bias)
        if not isinstance(column, str):
            raise TypeError(f"'column' must be a str, got {describe(column)}.")
        if not isinstance(keep_columns, (bool, np.bool_)):
            raise TypeError(f"'keep_columns' must be a bool, got {describe(keep_columns)}.")
        self.column = column
        self.keep_columns = bool(keep_columns)
        self.dt = None if dt is None else _check_dt(dt)
        latest = max(self.t_late, self.t_bias if self.t_bias is not None else self.t_late)
        t_max = check_finite("t_max", t_max, optional=True)
        if self.dt is None:
            if t_max is not None:
                raise ValueError("'t_max' only applies to a raster; give 'dt' as well.")
            self.t_max = self.n_steps = None
            return
        if t_max is None:
            t_max = latest
        elif t_max < latest:
            raise ValueError(
                f"'t_max' must be >= the latest spike time max(t_late, t_bias) = {latest!r}, "
                f"got {t_max!r}."
            )
        if min(self.t_early, self.t_bias if self.t_bias is not None else self.t_early) < 0:
            raise ValueError(
                "a raster needs spike times >= 0: 't_early' and 't_bias' must be >= 0, got "
                f"t_early={self.t_early!r}, t_bias={self.t_bias!r}."
            )
        steps = t_max / self.dt + _STEP_SLACK
        steps = math.floor(steps) + 1 if steps < _MAX_STEPS else math.inf
        if steps > _MAX_STEPS:
            raise ValueError(
                f"'dt' must give at most {_MAX_STEPS} steps up to t_max = {t_max!r}, got "
                f"dt={self.dt!r} (t_max / dt = {t_max / self.dt:.3g}); raise 'dt'."
            )
        self.t_max = t_max
        self.n_steps = int(steps)

    def __repr__(self):
        return (
            f"SpikeEncoder(t_early={self.t_early!r}, t_late={self.t_late!r}, "
            f"t_bias={self.t_bias!r}, dt={self.dt!r}, t_max={self.t_max!r}, "
            f"column={self.column!r}, keep_columns={self.keep_columns!r})"
        )

    def __call__(self, batch):
        if self.column not in batch:
            raise KeyError(
                f"the batch has no column {self.column!r} (columns: {sorted(batch)}); "
                "pass column=... to SpikeEncoder."
            )
        values = batch[self.column]
        if np.ndim(values) == 1 and np.size(values) == 0:
            values = np.empty((0, _YINYANG_INPUTS))  # an empty batch (ds[0:0]): no rows
        times = spike_times(values, t_early=self.t_early, t_late=self.t_late, t_bias=self.t_bias)
        out = dict(batch) if self.keep_columns else {}
        out["spike_times"] = times
        if self.dt is not None:
            out["spike_raster"] = spike_raster(times, dt=self.dt, n_steps=self.n_steps)
        return out
