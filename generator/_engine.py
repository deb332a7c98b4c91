"""The published Yin-Yang random stream, reproduced many samples per numpy call.

The published generator draws, per sample, a goal class ``rng.randint(3)`` (32-bit words until
one whose two low bits are not 3) and then pairs ``rng.rand(2) * 2 * r_big`` (four words a pair)
until a pair inside the big circle has the goal class. Here the raw MT19937 words of a block are
drawn at once and:

1. Every word offset ``j`` is classified as the start of a pair (words ``j..j+3``): a lookup
   table over the top ``_CELL_BITS`` bits of both coordinates settles ~98 % of the offsets; the
   rest, within one cell of a class boundary, are classified exactly in float64.
2. The stream is walked by many chains at once, one started at each segment of the block.
   A chain started at an arbitrary offset soon lands on the same sample starts as the true walk
   (each accepted pair resynchronises it), so where chain ``j-1`` meets a start of chain ``j``
   the true walk continues on chain ``j``. A block whose chains fail to meet is cut at the last
   proven sample and the next block resumes from there, so the output never depends on luck.

Decisions are the published ones: ``sqrt(s) > r`` is evaluated as ``s > t`` with ``t`` the
largest double whose correctly rounded square root is ``<= r`` (and likewise for ``<``, ``<=``),
which gives the same answer for every double ``s`` because ``sqrt`` is monotone. Squares are
correctly rounded products; the published code writes ``d ** 2`` on numpy scalars, which calls
the C library's ``pow`` -- not always correctly rounded (74 in 100,000 random squares differ by
one ulp with glibc here) -- so the two could disagree only where a squared distance lies within
one ulp of a threshold: about one chance in 10**15 per sample.
"""

import functools
import math

import numpy as np

_CELL_BITS = 10
_MAX_BLOCK_WORDS = 1 << 21
_SEGMENT_WORDS = 1024
_PAD = 32
_PIECE = 1 << 15
_NO_DATA = 4
_OUTSIDE = 3
_AMBIGUOUS = 4


def _max_square_le(r):
    """Largest double ``s`` with ``sqrt(s) <= r`` (so ``sqrt(s) <= r`` iff ``s <= result``)."""
    s = r * r
    while math.sqrt(s) > r:
        s = math.nextafter(s, -math.inf)
    while math.sqrt(math.nextafter(s, math.inf)) <= r:
        s = math.nextafter(s, math.inf)
    return s


def _min_square_ge(r):
    """Smallest double ``s`` with ``sqrt(s) >= r`` (so ``sqrt(s) < r`` iff ``s < result``)."""
    s = r * r
    while math.sqrt(s) < r:
        s = math.nextafter(s, math.inf)
    while math.sqrt(math.nextafter(s, -math.inf)) >= r:
        s = math.nextafter(s, -math.inf)
    return s


class _Geometry:
    """Thresholds and the cell lookup table for one ``(r_small, r_big)``."""

    def __init__(self, r_small, r_big):
        self.r_small, self.r_big = r_small, r_big
        self.scale = 2.0 * r_big
        self.c_right, self.c_left, self.half = 1.5 * r_big, 0.5 * r_big, 0.5 * r_big
        self.le_big = _max_square_le(r_big)
        self.lt_small = _min_square_ge(r_small)
        self.le_small = _max_square_le(r_small)
        self.le_half = _max_square_le(self.half)
        self.lut = self._cell_table()
        p_dot = 2 * math.pi * r_small**2 / (4 * r_big**2)
        p_half = (math.pi * r_big**2 - 2 * math.pi * r_small**2) / 2 / (4 * r_big**2)
        self.words_per_sample = 4 / 3 + 4 / 3 * (2 / p_half + 1 / p_dot)

    def classify(self, x, y):
        """Exact published class of points ``(x, y)``: uint8 0, 1, 2, or 3 when outside."""
        dy = y - self.r_big
        dy2 = dy * dy
        dc = x - self.r_big
        dr = x - self.c_right
        dl = x - self.c_left
        s_right = dr * dr + dy2
        s_left = dl * dl + dy2
        yang = (
            (s_right <= self.le_small)
            | ((s_left > self.le_small) & (s_left <= self.le_half))
            | ((y > self.r_big) & (s_right > self.le_half))
        )
        cls = yang.astype(np.uint8)
        cls[(s_right < self.lt_small) | (s_left < self.lt_small)] = 2
        cls[dc * dc + dy2 > self.le_big] = _OUTSIDE
        return cls

    def _cell_table(self):
        # A cell holds every pair whose coordinates share their top _CELL_BITS bits. Its class is
        # settled when each boundary the published decision looks at is farther from the cell's
        # centre than the cell's half diagonal (plus slack far above float64 rounding).
        n = 1 << _CELL_BITS
        width = self.scale / n
        centre = (np.arange(n) + 0.5) * width
        x, y = centre[:, None], centre[None, :]
        slack = 1e-9 * self.r_big
        reach = math.sqrt(2) * width / 2 * (1 + 1e-9) + slack
        d_big = np.hypot(x - self.r_big, y - self.r_big)
        d_right = np.hypot(x - self.c_right, y - self.r_big)
        d_left = np.hypot(x - self.c_left, y - self.r_big)
        inside = d_big < self.r_big - reach
        in_dot = (d_right < self.r_small - reach) | (d_left < self.r_small - reach)
        settled = (
            (np.minimum(d_right, d_left) > self.r_small + reach)
            & (np.abs(d_right - self.half) > reach)
            & (np.abs(d_left - self.half) > reach)
            & (np.abs(y - self.r_big) > width / 2 + slack)
        )
        table = np.full((n, n), _AMBIGUOUS, dtype=np.uint8)
        centre_class = self.classify(np.broadcast_to(x, (n, n)), np.broadcast_to(y, (n, n)))
        table[inside & settled] = centre_class[inside & settled]
        table[inside & in_dot] = 2
        table[d_big > self.r_big + reach] = _OUTSIDE
        return table.ravel()


@functools.lru_cache(maxsize=8)
def _geometry(r_small, r_big):
    return _Geometry(r_small, r_big)


def _first_match_table():
    """``table[g, e]``: the first of the four 2-bit classes packed in ``e`` equal to ``g``, or 4."""
    table = np.full((3, 256), 4, dtype=np.int64)
    for e in range(256):
        for g in range(3):
            for m in range(4):
                if (e >> (2 * m)) & 3 == g:
                    table[g, e] = m
                    break
    return table


_FIRST_MATCH = _first_match_table()


def _uniforms(words, at):
    """The doubles ``rand()`` builds from words ``at`` and ``at + 1`` (numpy's legacy recipe)."""
    a = (words[at] >> 5).astype(np.float64)
    b = (words[at + 1] >> 6).astype(np.float64)
    return (a * 67108864.0 + b) / 9007199254740992.0


def _points(words, at, geo):
    """Coordinates ``(x, y)`` of the pairs starting at offsets ``at``, as ``rand(2) * 2 * r_big``."""
    return _uniforms(words, at) * 2.0 * geo.r_big, _uniforms(words, at + 2) * 2.0 * geo.r_big


def _classify_offsets(words, geo):
    """Class (uint8, 0..3) of the pair starting at every offset; offsets past the data are 3."""
    n = len(words)
    cls = np.full(n + _PAD, _OUTSIDE, dtype=np.uint8)
    # Piece by piece into reused buffers: cache-sized temporaries are several times faster
    # than block-sized ones, whose fresh pages fault in on every block.
    top = np.empty(_PIECE + 2, dtype=np.intp)
    cell = np.empty(_PIECE, dtype=np.intp)
    for lo in range(0, n - 3, _PIECE):
        hi = min(lo + _PIECE, n - 3)
        size = hi - lo
        np.right_shift(words[lo : hi + 2], 32 - _CELL_BITS, out=top[: size + 2])
        np.left_shift(top[:size], _CELL_BITS, out=cell[:size])
        np.bitwise_or(cell[:size], top[2 : size + 2], out=cell[:size])
        np.take(geo.lut, cell[:size], out=cls[lo:hi], mode="clip")
    unsure = np.flatnonzero(cls[: max(n - 3, 0)] == _AMBIGUOUS)
    if unsure.size:
        cls[unsure] = geo.classify(*_points(words, unsure, geo))
    return cls


class _Block:
    """One block of raw words with everything the chains look up."""

    def __init__(self, words, geo):
        n = len(words)
        self.n = n
        self.words_per_sample = geo.words_per_sample
        cls = _classify_offsets(words, geo)
        self.cls = cls
        self.goal = np.empty(n + 1, dtype=np.uint8)
        np.bitwise_and(words, 3, out=self.goal[:n], casting="unsafe")
        self.goal[n] = _NO_DATA
        # Four consecutive candidate pairs of one walk (offsets j, j+4, j+8, j+12) in one byte.
        m = n + _PAD - 12
        self.packed = cls[:m] | (cls[4 : m + 4] << 2) | (cls[8 : m + 8] << 4) | (cls[12:] << 6)
        # Dots are rare: find them by binary search, one sorted run per offset residue mod 4.
        span = n + _PAD
        dots = [np.flatnonzero(cls[r::4] == 2) * 4 + r + r * span for r in range(4)]
        self.dot_keys = np.concatenate(dots + [np.array([4 * span], dtype=np.intp)])
        self.span = span

    def next_dot(self, k0):
        """First dot pair at ``k0 + 4i`` (i >= 0), or a value past the data if none."""
        base = (k0 & 3) * self.span
        found = self.dot_keys[np.searchsorted(self.dot_keys, base + k0)] - base
        return np.where(found < self.span, found, self.n)

    def step(self, p):
        """One sample from each start ``p``: returns (accepted pair offsets, ok mask)."""
        q = p.copy()
        g = self.goal[q]
        again = np.flatnonzero(g == 3)
        while again.size:
            q[again] += 1
            g[again] = self.goal[q[again]]
            again = again[g[again] == 3]
        k = q + 1
        limit = self.n - 4
        ok = (g < 3) & (k <= limit)
        half = np.flatnonzero(ok & (g < 2))
        if half.size:
            gh = g[half].astype(np.intp)
            kh = k[half]
            m = _FIRST_MATCH[gh, self.packed[kh]]
            todo = np.flatnonzero(m == 4)
            while todo.size:
                kh[todo] += 16
                todo = todo[kh[todo] <= limit]
                m[todo] = _FIRST_MATCH[gh[todo], self.packed[kh[todo]]]
                todo = todo[m[todo] == 4]
            k[half] = kh + 4 * m
        dot = np.flatnonzero(ok & (g == 2))
        if dot.size:
            k[dot] = self.next_dot(k[dot])
        ok &= k <= limit
        return k, ok


def _walk(block, starts, capacity):
    """Run one chain from each start until it lands on a sample start another chain has taken.

    Returns the per-step sample starts and accepted pair offsets, shaped (steps, chains) with -1
    where a chain had stopped, and for each chain where it stopped and the chain it merged into
    there (-1: it ran out of data at that sample start).
    """
    n_chains = len(starts)
    ids = np.arange(n_chains)
    mark = np.full(block.n + _PAD, -1, dtype=np.int32)
    mark[starts] = ids
    p = starts.astype(np.intp)
    stop = p.copy()
    into = np.full(n_chains, -1, dtype=np.intp)
    steps = 0
    rec_start = np.full((capacity, n_chains), -1, dtype=np.intp)
    rec_pair = np.full((capacity, n_chains), -1, dtype=np.intp)
    live = ids
    while live.size:
        k, ok = block.step(p[live])
        live, k = live[ok], k[ok]
        if steps == len(rec_start):
            rec_start = np.concatenate((rec_start, np.full_like(rec_start, -1)))
            rec_pair = np.concatenate((rec_pair, np.full_like(rec_pair, -1)))
        rec_start[steps, live] = p[live]
        rec_pair[steps, live] = k
        steps += 1
        new = k + 4
        p[live] = new
        stop[live] = new
        # Landing where another chain has been: the rest of this walk is that chain's walk.
        seen = mark[new]
        met = seen >= 0
        into[live[met]] = seen[met]
        live, new = live[~met], new[~met]
        # Two chains landing on one start in the same step: one goes on, the other merges.
        mark[new] = live
        owner = mark[new]
        twin = owner != live
        into[live[twin]] = owner[twin]
        live = live[~twin]
    return rec_start[:steps], rec_pair[:steps], stop, into


def _true_pairs(block, segment_words):
    """Offsets of the accepted pairs of the true walk from offset 0, and where it stops."""
    n_chains = max(1, block.n // segment_words)
    starts = np.arange(n_chains, dtype=np.intp) * segment_words
    # Room for the steps a chain typically takes before it merges (grown if ever short).
    capacity = int(2 * (segment_words + 1000) / block.words_per_sample) + 16
    rec_start, rec_pair, stop, into = _walk(block, starts, capacity)
    # The true walk starts on chain 0 and follows each merge.
    entry = np.full(n_chains, np.iinfo(np.intp).max, dtype=np.intp)
    stop_list, into_list = stop.tolist(), into.tolist()
    chain, at = 0, 0
    while True:
        entry[chain] = at
        if into_list[chain] < 0:
            break
        chain, at = into_list[chain], stop_list[chain]
    cols = rec_start.T
    sel = cols >= entry[:, None]
    starts_taken = cols[sel]
    pairs = rec_pair.T[sel]
    if starts_taken.size > 1 and not (starts_taken[1:] > starts_taken[:-1]).all():
        pairs = pairs[np.argsort(starts_taken, kind="stable")]
    return pairs, stop_list[chain]


def _long_sample(words, draw, geo):
    """Finish the sample starting at ``words[0]`` when it needs more words than a block holds.

    Only very small dots make a sample that long; this keeps memory bounded by a block.
    Returns ``(x, y, label, words after the accepted pair)``.
    """
    pos = 0
    while True:
        if pos == len(words):
            words, pos = draw(_MAX_BLOCK_WORDS), 0
        goal = int(words[pos]) & 3
        pos += 1
        if goal != 3:
            break
    while True:
        count = (len(words) - pos) // 4
        if count:
            at = pos + 4 * np.arange(count)
            found = np.flatnonzero(geo.classify(*_points(words, at, geo)) == goal)
            if found.size:
                k = at[found[0]]
                x, y = _points(words, np.array([k]), geo)
                return x[0], y[0], goal, words[k + 4 :]
        words, pos = np.concatenate((words[pos + 4 * count :], draw(_MAX_BLOCK_WORDS))), 0


def _rows(x, y):
    X = np.empty((len(x), 4))
    X[:, 0], X[:, 1], X[:, 2], X[:, 3] = x, y, 1.0 - x, 1.0 - y
    return X


def stream(size, seed, r_small, r_big):
    """Yield ``(X, y)`` blocks that concatenate to ``size`` published samples."""
    geo = _geometry(r_small, r_big)
    rng = np.random.RandomState(seed)

    def draw(count):
        return rng.randint(0, 2**32, size=count, dtype=np.uint32)

    carry = np.empty(0, dtype=np.uint32)
    remaining = size
    while remaining > 0:
        if len(carry) > _MAX_BLOCK_WORDS:
            x, y, label, carry = _long_sample(carry, draw, geo)
            remaining -= 1
            yield _rows(np.array([x]), np.array([y])), np.array([label], dtype=np.int64)
            continue
        want = int(remaining * geo.words_per_sample * 1.1) + 256
        fresh = min(max(want - len(carry), 1024), _MAX_BLOCK_WORDS)
        words = np.concatenate((carry, draw(fresh)))
        block = _Block(words, geo)
        pairs, stop = _true_pairs(block, _SEGMENT_WORDS)
        pairs = pairs[:remaining]
        if len(pairs):
            remaining -= len(pairs)
            yield _rows(*_points(words, pairs, geo)), block.cls[pairs].astype(np.int64)
        carry = words[stop:]
