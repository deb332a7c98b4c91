"""The published Yin-Yang random stream, reproduced many samples per numpy call.

The published generator draws, per sample, a goal class ``rng.randint(3)`` (32-bit words until
one whose two low bits are not 3) and then pairs ``rng.rand(2) * 2 * r_big`` (four words a pair)
until a pair inside the big circle has the goal class. Here the raw MT19937 words of a block are
drawn at once and:

1. Every word offset ``j`` is classified as the start of a pair (words ``j..j+3``): a lookup
   table over the top bits of both coordinates settles most offsets (8 bits a coordinate for
   small blocks, ~96 %; 10 bits for large ones, ~99 %; each table is a coarser one refined only
   near the boundaries, so building one costs ~1-2 ms); the rest, within one cell of a class
   boundary, are classified exactly in float64.
2. A small request (at most ``_SCALAR_SAMPLES`` samples left) walks the stream in Python, one
   sample at a time: the
   classes are kept as four byte strings, one per offset residue mod 4, so "the first pair of
   class ``g`` at ``k``, ``k + 4``, ``k + 8``, ..." is one ``bytes.find`` (memchr).
3. A large one walks it with many chains at once, one started at each segment of the block,
   the classes kept as one bitset per class and residue (the same search is then a lowest set
   bit in a 64-bit window). A chain started at an arbitrary offset soon lands on the same sample
   starts as the true walk (each accepted pair resynchronises it), so where chain ``j-1`` meets a
   start of chain ``j`` the true walk continues on chain ``j``; the last few chains finish one
   by one in Python. A block whose chains fail to meet is cut at the last proven sample and the
   next block resumes from there, so the output never depends on luck.

The words are those of ``RandomState(seed).randint(0, 2**32, dtype=np.uint32)`` (``_Words``):
while ``numpy.random`` is not imported yet, the first ones come from the standard library's
MT19937. In a long stream a second thread draws and classifies the next block's new words while
the current block is walked; the walk stops at a sample start, and the next block is the words
from there (plus up to 3 before it, so that the new words keep their residue rows) and the new
words, whose classes are joined to those of the carried ones (``_joined_classes``).

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
import os
import sys

import numpy as np

_CELL_BITS = 10
_SMALL_CELL_BITS = 8
_BASE_CELL_BITS = 6
_BIG_TABLE_WORDS = 1 << 20
_MAX_BLOCK_WORDS = 1 << 21
_SEGMENT_WORDS = 1024
_MIN_SEGMENT_WORDS = 64
_PYTHON_MT_WORDS = 1 << 19
_AHEAD_WORDS = 1 << 18
_JOINED_CARRY = 1 << 12
_SCALAR_CHAINS = 24
_SCALAR_SAMPLES = 10_000
_PAD = 32
_PIECE = 1 << 15
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
    """Thresholds and the cell lookup tables (built on first use) for one ``(r_small, r_big)``."""

    def __init__(self, r_small, r_big):
        self.r_small, self.r_big = r_small, r_big
        self.scale = 2.0 * r_big
        self.c_right, self.c_left, self.half = 1.5 * r_big, 0.5 * r_big, 0.5 * r_big
        self.le_big = _max_square_le(r_big)
        self.lt_small = _min_square_ge(r_small)
        self.le_small = _max_square_le(r_small)
        self.le_half = _max_square_le(self.half)
        self._tables = {}
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

    def table(self, bits):
        """Class of every cell of ``bits`` top bits per coordinate: uint8 of shape
        ``(4**bits,)``, cell ``x_top << bits | y_top``.

        Cells where a class boundary may pass hold ``_AMBIGUOUS``; ``_cell_classes`` says why
        the others are exact.
        """
        if bits not in self._tables:
            self._tables[bits] = _cell_table(self, bits)
        return self._tables[bits]

    @property
    def lut(self):
        """The large table (``_CELL_BITS`` bits per coordinate)."""
        return self.table(_CELL_BITS)


def _cell_table(geo, bits):
    """``geo.table(bits)``: a coarser table's cells, split in 4 x 4, where it is settled, and the
    cells of its ambiguous ones classified one by one; a table of ``_BASE_CELL_BITS`` in full."""
    n = 1 << bits
    if bits - 2 < _BASE_CELL_BITS:
        index = np.arange(n)
        return _cell_classes(geo, bits, index[:, None], index[None, :]).ravel()
    coarse = geo.table(bits - 2).reshape(n // 4, n // 4)
    table = np.repeat(np.repeat(coarse, 4, axis=0), 4, axis=1).ravel()
    unsure = np.flatnonzero(table == _AMBIGUOUS)
    table[unsure] = _cell_classes(geo, bits, unsure >> bits, unsure & (n - 1))
    return table


def _cell_classes(geo, bits, ix, iy):
    """Class (uint8) of the cells ``(ix, iy)`` (int arrays, broadcast) of ``bits`` bits a side.

    A cell holds every pair whose coordinates share their top ``bits`` bits. Its class is settled
    when each boundary the published decision looks at is farther from the cell's centre than the
    cell's half diagonal, plus slack far above float64 rounding (of the coordinates, of these
    squares and of the published ones); otherwise it is ``_AMBIGUOUS``. A settled cell's part
    also settles in a finer grid, so refining a coarse table gives the same classes.
    """
    width = geo.scale / (1 << bits)
    x, y = (ix + 0.5) * width, (iy + 0.5) * width
    slack = 1e-9 * geo.r_big
    reach = math.sqrt(2) * width / 2 * (1 + 1e-9) + slack
    dy2 = (y - geo.r_big) ** 2
    big = (x - geo.r_big) ** 2 + dy2
    right = (x - geo.c_right) ** 2 + dy2
    left = (x - geo.c_left) ** 2 + dy2

    def nearer(square, distance):
        # d < distance, written on squares; nothing is nearer than a negative distance.
        if distance <= 0:
            return np.zeros(square.shape, dtype=bool)
        return square < distance * distance

    def farther(square, distance):
        return square > distance * distance

    inside = nearer(big, geo.r_big - reach)
    in_dot = nearer(right, geo.r_small - reach) | nearer(left, geo.r_small - reach)
    settled = (
        inside
        & farther(right, geo.r_small + reach)
        & farther(left, geo.r_small + reach)
        & (nearer(right, geo.half - reach) | farther(right, geo.half + reach))
        & (nearer(left, geo.half - reach) | farther(left, geo.half + reach))
        & (np.abs(y - geo.r_big) > width / 2 + slack)
    )
    # Away from the dots and the half circles' rims: yang inside the left half circle, or in
    # the upper half outside the right one (the published criteria 2 and 3).
    yang = (left < geo.half**2) | ((y > geo.r_big) & (right > geo.half**2))
    cls = np.where(settled, yang.astype(np.uint8), np.uint8(_AMBIGUOUS))
    cls[inside & in_dot] = 2
    cls[farther(big, geo.r_big + reach)] = _OUTSIDE
    return cls


@functools.lru_cache(maxsize=8)
def _geometry(r_small, r_big):
    return _Geometry(r_small, r_big)


def _seeded_key(seed):
    """The 624-word MT19937 key of ``RandomState(seed)`` (numpy's ``mt19937_seed``, Knuth's
    initialisation), as a list of ints."""
    key = [0] * 624
    for pos in range(624):
        key[pos] = seed
        seed = (1812433253 * (seed ^ (seed >> 30)) + pos + 1) & 0xFFFFFFFF
    return key


def _python_mt_first():
    """Whether streams should start on the standard library's MT19937: ``numpy.random`` is not
    imported yet, and ``random`` is CPython's C implementation."""
    return "numpy.random" not in sys.modules and sys.implementation.name == "cpython"


class _Words:
    """The raw words of the legacy ``RandomState(seed)``: ``words(count)`` is the next
    ``count`` of ``randint(0, 2**32, dtype=np.uint32)``, uint32 of shape ``(count,)``.

    Importing ``numpy.random`` costs ~10-20 ms, more than the work of a small request. Until it
    is imported, CPython's ``random.Random`` (its C type ``_random.Random``) -- the same MT19937
    in C, given the same 624-word key -- makes the first ``_PYTHON_MT_WORDS`` words
    (``getrandbits(32 n)`` packs ``n`` successive outputs, the first in the lowest bits), then
    hands its state to a ``RandomState``, which is four times faster per word. ``ahead(count,
    geo)`` has a thread draw and classify the next ``count`` words while the caller walks the
    previous ones; ``chunk`` hands them out with their classes. The order of the words never
    changes.
    """

    def __init__(self, seed):
        self._made = 0
        self._rng = self._python_mt = None
        self._pending = self._pool = None
        self._left = np.empty(0, dtype=np.uint32)  # drawn ahead, not yet handed out
        if _python_mt_first():
            # The C type behind random.Random (importing `random` itself costs ~1 ms more); its
            # state is the 624-word key and the position in it, as RandomState's.
            import _random

            self._python_mt = _random.Random()
            self._python_mt.setstate((*_seeded_key(seed), 624))
        else:
            self._rng = np.random.RandomState(seed)

    def __call__(self, count):
        if self._pending is not None:
            self._left = np.concatenate((self._left, self._take_pending()[0]))
        if len(self._left):
            taken, self._left = self._left[:count], self._left[count:]
            if len(taken) == count:
                return taken
            return np.concatenate((taken, self._draw(count - len(taken))))
        return self._draw(count)

    def chunk(self, count):
        """The next words and their classes (``_classify_offsets``, or None if not made yet):
        the chunk drawn ahead, whatever its length, or else ``count`` words."""
        if self._pending is not None and not len(self._left):
            return self._take_pending()
        return self(count), None

    def _take_pending(self):
        if os.getpid() != self._pid:
            # The thread drawing ahead stayed in the parent; the generator may be mid-draw.
            raise RuntimeError(
                "a yinyang_generator stream cannot go on in a forked child while its next "
                "words are drawn in the parent; start the stream in the child instead."
            )
        pending, self._pending = self._pending, None
        return pending.result()

    def _draw(self, count):
        if self._python_mt is not None:
            if self._made + count <= _PYTHON_MT_WORDS:
                self._made += count
                # In pieces: one huge int is slower to make and to unpack than a few small ones.
                bits = self._python_mt.getrandbits
                packed = b"".join(
                    bits(32 * size).to_bytes(4 * size, "little")
                    for size in (min(8192, count - at) for at in range(0, count, 8192))
                )
                return np.frombuffer(packed, dtype="<u4").astype(np.uint32, copy=False)
            import numpy.random  # only streams this long pay its import

            state = self._python_mt.getstate()
            self._python_mt, self._rng = None, numpy.random.RandomState()
            self._rng.set_state(("MT19937", np.array(state[:624], dtype=np.uint32), state[624]))
        return self._rng.randint(0, 2**32, size=count, dtype=np.uint32)

    def ahead(self, count, geo):
        """Start drawing the ``count`` words after those drawn or being drawn, and classifying
        them for ``geo``, in a thread (numpy releases the GIL in both)."""
        if self._rng is None or self._pending is not None:
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # only long streams pay it

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yinyang-ahead")
        # Everything drawn ahead so far has been handed out or sits in _left, before these.
        self._pid = os.getpid()
        self._pending = self._pool.submit(self._drawn_and_classified, count, geo)

    def _drawn_and_classified(self, count, geo):
        words = self._rng.randint(0, 2**32, size=count, dtype=np.uint32)
        return words, _classify_offsets(words, geo, _columns(count), piece=_four(count // 4 + 4))

    def close(self):
        """Stop the thread (a word being drawn is finished and dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None


def _uniforms(words, at):
    """The doubles ``rand()`` builds from words ``at`` and ``at + 1`` (numpy's legacy recipe)."""
    a = (words[at] >> 5).astype(np.float64)
    b = (words[at + 1] >> 6).astype(np.float64)
    return (a * 67108864.0 + b) / 9007199254740992.0


def _points(words, at, geo):
    """Coordinates ``(x, y)`` of the pairs starting at offsets ``at``, as ``rand(2) * 2 * r_big``."""
    return _uniforms(words, at) * 2.0 * geo.r_big, _uniforms(words, at + 2) * 2.0 * geo.r_big


def _classify_offsets(words, geo, m, piece=_PIECE):
    """Class of the pair starting at every offset, by residue: uint8 ``(4, m)``, ``[r, i]`` for
    offset ``4 i + r`` (``4 m >= len(words) + 1``); 3 (outside) where no pair fits in the data.

    Works ``piece`` words (a multiple of 4) at a time. The thread that classifies words ahead
    passes a quarter of its chunk: it shares the GIL with a busy walk, and every numpy call it
    makes waits to take the GIL back.
    """
    n = len(words)
    fit = max(n - 3, 0)  # pairs start at offsets < n - 3
    bits = _CELL_BITS if n >= _BIG_TABLE_WORDS else _SMALL_CELL_BITS
    lut = geo.table(bits)
    cls = np.empty((4, m), dtype=np.uint8)
    # Piece by piece into reused buffers: cache-sized temporaries are several times faster
    # than block-sized ones, whose fresh pages fault in on every block; the piece is still in
    # cache when it is spread over the four residue rows.
    top = np.empty(piece + 2, dtype=np.uint32)
    cell = np.empty(piece, dtype=np.uint32)
    part = np.empty(piece, dtype=np.uint8)
    unsure = []
    for lo in range(0, 4 * m, piece):
        hi = min(lo + piece, 4 * m)
        size = min(hi, fit) - lo
        if size > 0:
            np.right_shift(words[lo : lo + size + 2], 32 - bits, out=top[: size + 2])
            np.left_shift(top[:size], bits, out=cell[:size])
            np.bitwise_or(cell[:size], top[2 : size + 2], out=cell[:size])
            np.take(lut, cell[:size], out=part[:size])
            unsure.append(np.flatnonzero(part[:size] == _AMBIGUOUS) + lo)
        part[max(size, 0) : hi - lo] = _OUTSIDE
        cls[:, lo // 4 : hi // 4] = part[: hi - lo].reshape(-1, 4).T
    unsure = np.concatenate(unsure) if unsure else np.empty(0, dtype=np.intp)
    if unsure.size:
        cls[unsure & 3, unsure >> 2] = geo.classify(*_points(words, unsure, geo))
    return cls


def _lowest_bit_table():
    """De Bruijn lookup: ``table[(b * _DE_BRUIJN) >> 58]`` is the index of the single bit ``b``."""
    table = np.zeros(64, dtype=np.intp)
    for i in range(64):
        table[((_DE_BRUIJN << i) & (2**64 - 1)) >> 58] = i
    return table


_DE_BRUIJN = 0x03F79D71B4CB0A89
_LOWEST_BIT = _lowest_bit_table()
_ALL_ONES = np.uint64(2**64 - 1)


def _bitset(hit):
    """Bits of the bool rows ``hit`` (shape ``(rows, 64 w)``) as uint64 ``(rows, w + 1)``, bit
    ``i`` of a row being ``hit[row, i]``, with a last word of all ones."""
    packed = np.empty((hit.shape[0], hit.shape[1] // 64 + 1), dtype=np.uint64)
    packed[:, :-1] = np.packbits(hit, axis=1, bitorder="little").view("<u8")
    packed[:, -1] = _ALL_ONES
    return packed


def _first_set(bits, address):
    """Distance (intp) from each bit ``address`` (intp) to the next set bit of ``bits`` (uint64).

    The search looks at 64 bits at once, then 64 further where those were all clear; every row
    must end with a set bit.
    """
    word = address >> 6
    shift = address.view(np.uint64) & np.uint64(63)  # address >= 0: the same bits
    window = (bits[word] >> shift) | (bits[1:][word] << (np.uint64(64) - shift))
    lowest = window & np.negative(window)
    distance = _LOWEST_BIT[(lowest * np.uint64(_DE_BRUIJN)) >> np.uint64(58)]
    empty = np.flatnonzero(window == 0)
    if empty.size:
        distance[empty] = 64 + _first_set(bits, address[empty] + 64)
    return distance


def _columns(n):
    """Columns ``m`` of the residue rows of ``n`` words: room for every offset and the bits past
    the data, a multiple of 64."""
    return ((n + 2) // 256 + 2) * 64


def _joined_classes(words, carry, fresh_cls, geo):
    """``_classify_offsets(words, geo, ...)`` where ``words`` is ``carry`` words (a multiple of
    4) then words whose classes ``fresh_cls`` were made on their own: the carry's offsets,
    whose pairs may reach into the fresh words, are classified here exactly."""
    m = _columns(len(words))
    cls = np.full((4, m), _OUTSIDE, dtype=np.uint8)
    if carry:
        at = np.arange(carry)
        cls[:, : carry // 4] = geo.classify(*_points(words, at, geo)).reshape(-1, 4).T
    width = min(fresh_cls.shape[1], m - carry // 4)
    cls[:, carry // 4 : carry // 4 + width] = fresh_cls[:, :width]
    return cls


class _Block:
    """One block of raw words with everything the walks look up.

    ``cls[r, i]`` (uint8, shape ``(4, m)``) is the class of the pair at offset ``4 i + r``, and
    such a pair fits in the data for ``i < fit[r]``; ``goal`` (uint8) holds the two low bits of
    every word, 0 past the data (which ends a goal search there). ``cls`` may be given when made
    already (``_joined_classes``).
    """

    def __init__(self, words, geo, cls=None):
        n = len(words)
        self.n = n
        self.limit = n - 4
        self.words_per_sample = geo.words_per_sample
        m = _columns(n)
        self.cls = _classify_offsets(words, geo, m) if cls is None else cls
        self.fit = [max(0, (n - 4 - r) // 4 + 1) for r in range(4)]
        self.goal = np.zeros(4 * m, dtype=np.uint8)
        np.bitwise_and(words, 3, out=self.goal[:n], casting="unsafe")
        self.bits = self._text = None

    def text(self):
        """The goal words and the four class rows as bytes, for walks in Python: a pair search
        is then ``bytes.find`` (memchr)."""
        if self._text is None:
            self._text = self.goal.tobytes(), [row.tobytes() for row in self.cls]
        return self._text

    def labels(self, pairs):
        """Classes (int64) of the pairs starting at offsets ``pairs``."""
        return self.cls[pairs & 3, pairs >> 2].astype(np.int64)

    def _bitsets(self):
        # For class c and residue r, row 4 c + r has bit i set where cls[r, i] == c or where no
        # pair fits (so every search ends); `other` has bit j set where the goal word j is not 3
        # (randint(3) accepts it) or j is past the data.
        m = self.cls.shape[1]
        hit = np.empty((12, m), dtype=bool)
        for c in range(3):
            np.equal(self.cls, c, out=hit[4 * c : 4 * c + 4])
        for r in range(4):
            hit[r::4, self.fit[r] :] = True
        self.bits = _bitset(hit).ravel()
        self.row_base = np.arange(12, dtype=np.intp) * (64 * (m // 64 + 1))
        self.other = _bitset((self.goal != 3)[None, :]).ravel()

    def step(self, p):
        """One sample from each start ``p``: returns (accepted pair offsets, ok mask)."""
        if self.bits is None:
            self._bitsets()
        g = self.goal[p]
        k = p + 1
        again = np.flatnonzero(g == 3)  # a quarter: randint(3) draws again
        if again.size:
            q = p[again] + _first_set(self.other, p[again])
            g[again] = self.goal[q]
            k[again] = q + 1
        row = self.row_base[(g << 2) | (k & 3)]
        k += _first_set(self.bits, row + (k >> 2)) << 2
        return k, k <= self.limit


def _scalar_pairs(block, count, first=0):
    """The first ``count`` accepted pairs (intp offsets) of the true walk from offset ``first``,
    walked in Python (fewer where the data ends), and the offset where the walk stops."""
    goal, rows = block.text()
    finders = [(row.find, end) for row, end in zip(rows, block.fit)]
    nexts = []
    append = nexts.append
    at = first
    for _ in range(count):
        g = goal[at]
        while g == 3:
            at += 1
            g = goal[at]
        at += 1  # the first pair starts after the goal word
        r = at & 3
        find, end = finders[r]
        found = find(g, at >> 2, end)
        if found < 0:
            at -= 1
            break
        at = 4 * found + r + 4
        append(at)
    # A sample's pair ends 4 words before the next sample starts.
    return np.array(nexts, dtype=np.intp) - 4, at


def _walk(block, starts, capacity):
    """Run one chain from each start until it lands on a sample start another chain has taken.

    Returns the per-step sample starts, shaped (steps, chains) with -1 where a chain had
    stopped, and for each chain where it stopped and the chain it merged into there (-1: it ran
    out of data at that sample start).
    """
    n_chains = len(starts)
    ids = np.arange(n_chains)
    # Chain ids fit in int16 unless segments are made tiny: half the memory to gather from.
    mark = np.full(block.n + _PAD, -1, dtype=np.int16 if n_chains < 2**15 else np.int32)
    mark[starts] = ids
    p = starts.astype(np.intp)
    into = np.full(n_chains, -1, dtype=np.intp)
    steps = 0
    rec = np.full((capacity, n_chains), -1, dtype=np.int32)
    live = ids
    while live.size > _SCALAR_CHAINS:
        p_live = p[live]
        k, ok = block.step(p_live)
        if not ok.all():
            live, k, p_live = live[ok], k[ok], p_live[ok]
        if steps == len(rec):
            rec = np.concatenate((rec, np.full_like(rec, -1)))
        rec[steps, live] = p_live
        steps += 1
        new = k + 4
        p[live] = new
        # Landing where another chain has been, or where another lands in this same step:
        # the rest of this walk is that chain's walk. (A chain that stops here may leave its
        # own mark: one landing here later merges into it, and through it into the other.)
        seen = mark[new]
        mark[new] = live
        owner = mark[new]
        met = seen >= 0
        stopped = met | (owner != live)
        stop = np.flatnonzero(stopped)
        if stop.size:
            into[live[stop]] = np.where(met[stop], seen[stop], owner[stop])
            live = live[~stopped]
    # The last few chains cost a whole vectorized step per sample: finish them one by one.
    tails = [_scalar_chain(block, chain, p, into, mark) for chain in live.tolist()]
    longest = max(map(len, tails), default=0)
    if steps + longest > len(rec):
        rec = np.concatenate((rec, np.full((steps + longest - len(rec), n_chains), -1, np.int32)))
    for chain, taken in zip(live.tolist(), tails):
        rec[steps : steps + len(taken), chain] = taken
    return rec[: steps + longest], p, into


def _scalar_chain(block, chain, p, into, mark):
    """Walk ``chain`` alone from ``p[chain]`` as ``_walk`` does; returns its sample starts.

    Updates ``p``, ``into`` and ``mark`` like a vectorized step would.
    """
    goal, rows = block.text()
    finders = [(row.find, end) for row, end in zip(rows, block.fit)]
    marks = memoryview(mark)
    at = int(p[chain])
    taken = []
    while True:
        start = at
        g = goal[at]
        while g == 3:
            at += 1
            g = goal[at]
        at += 1
        r = at & 3
        find, end = finders[r]
        found = find(g, at >> 2, end)
        if found < 0:
            at = start
            break
        taken.append(start)
        at = 4 * found + r + 4
        seen = marks[at]
        marks[at] = chain
        if seen >= 0:
            into[chain] = seen
            break
    p[chain] = at
    return taken


def _segment_words(n):
    """Words between chain starts: fewer, longer chains for large blocks (fewer numpy calls per
    sample), more, shorter ones for small blocks (fewer steps)."""
    return min(_SEGMENT_WORDS, max(_MIN_SEGMENT_WORDS, n >> 10))


def _true_pairs(block, segment_words, first=0):
    """Offsets (intp) of the accepted pairs of the true walk from offset ``first`` (< 4), and
    where it stops."""
    n_chains = max(1, block.n // segment_words)
    starts = np.arange(n_chains, dtype=np.intp) * segment_words
    starts[0] = first
    # Room for the steps a chain typically takes before it merges (grown if ever short).
    capacity = int(2 * (segment_words + 1000) / block.words_per_sample) + 16
    rec, stop, into = _walk(block, starts, capacity)
    # The true walk starts on chain 0 and follows each merge.
    stop_list, into_list = stop.tolist(), into.tolist()
    path, entry = [0], [first]
    while into_list[path[-1]] >= 0:
        entry.append(stop_list[path[-1]])
        path.append(into_list[path[-1]])
    # Each chain's starts from where the walk joins it, chain after chain: in increasing order.
    cols = rec.T[path]
    taken = cols[cols >= np.array(entry, dtype=np.int32)[:, None]].astype(np.intp)
    end = stop_list[path[-1]]
    # A sample's pair ends 4 words before the next sample starts.
    pairs = np.empty(len(taken), dtype=np.intp)
    pairs[:-1] = taken[1:]
    if len(taken):
        pairs[-1] = end
    return pairs - 4, end


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
    draw = _Words(seed)
    try:
        yield from _blocks(size, geo, draw)
    finally:
        draw.close()


def _blocks(size, geo, draw):
    """``stream``'s blocks, with words and classes from ``draw`` (a ``_Words``)."""
    carry = np.empty(0, dtype=np.uint32)
    first = 0  # the walk resumes at carry[first]
    remaining = size
    while remaining > 0:
        if len(carry) - first > _MAX_BLOCK_WORDS:
            x, y, label, carry = _long_sample(carry[first:], draw, geo)
            first = 0
            remaining -= 1
            yield _rows(np.array([x]), np.array([y])), np.array([label], dtype=np.int64)
            continue
        want = int(remaining * geo.words_per_sample * 1.1) + 256
        fresh, fresh_cls = draw.chunk(_four(min(max(want - len(carry), 1024), _MAX_BLOCK_WORDS)))
        words = np.concatenate((carry, fresh)) if len(carry) else fresh
        # The next block's words, drawn and classified while this one is walked.
        later = want - len(words)
        if later >= _AHEAD_WORDS:
            draw.ahead(_four(min(later, _MAX_BLOCK_WORDS)), geo)
        cls = None
        if fresh_cls is not None and len(carry) % 4 == 0 and len(carry) <= _JOINED_CARRY:
            cls = _joined_classes(words, len(carry), fresh_cls, geo)
        block = _Block(words, geo, cls)
        if remaining <= _SCALAR_SAMPLES:
            pairs, stop = _scalar_pairs(block, remaining, first)
        else:
            pairs, stop = _true_pairs(block, _segment_words(len(words)), first)
        pairs = pairs[:remaining]
        if len(pairs):
            remaining -= len(pairs)
            yield _rows(*_points(words, pairs, geo)), block.labels(pairs)
        # Keep up to 3 words before the stop so that the carry is a multiple of 4 long: words
        # classified on their own then keep their residue rows after it.
        start = stop - (stop - len(words)) % 4
        if start < 0:
            start = stop
        carry, first = words[start:], stop - start


def _four(count):
    """``count`` rounded up to a multiple of 4."""
    return -(-count // 4) * 4
