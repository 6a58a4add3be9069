"""The union-find behind :func:`crossroads.stats.linkage.link`, one level at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from crossroads.stats.linkage._files import KeyArray

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class LevelReport:
    """What one level of the cascade did.

    * ``links``: links made at this level (two groups of records joined);
    * ``ambiguous``: tokens skipped because several records of one list hold
      them (while another list holds them too);
    * ``refused``: links refused because they would have put two records of
      the same list into one person.
    """

    level: str
    links: int
    ambiguous: int
    refused: int


class Forest:
    """Union-find over all records, where a cluster may hold one record per list.

    ``mask[root]`` has bit ``j`` set when the cluster holds a record of list ``j``.
    Candidate links are found per level with NumPy (sort by token, group,
    drop ambiguous tokens, drop pairs already in one cluster) and joined with
    SciPy's connected components, because that touches every record; only
    the few links that meet the one-record-per-list rule are applied one by
    one in Python (see :meth:`_merge`).
    """

    def __init__(self, owner: IntArray) -> None:
        self.owner = owner
        self.parent = np.arange(owner.size, dtype=np.int64)
        self.mask = np.left_shift(np.int64(1), owner).astype(np.int64)

    def roots(self) -> IntArray:
        """The root of every record (and full path compression, by pointer jumping)."""
        parent = self.parent
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        self.parent = parent
        return parent

    def link_level(self, column: KeyArray, level: str) -> LevelReport:
        # One sort orders records by token, then by list: the token is shifted
        # four bits up to make room for the list number (below 16). Sixty bits still
        # make a chance collision between different tokens negligible (below
        # one in a million over ten lists of 100,000), and one plain sort of
        # integers is several times faster than a two-key or stable sort.
        present = np.flatnonzero(column)
        composite = (column[present] << np.uint64(4)) | self.owner[present].astype(np.uint64)
        order = np.argsort(composite)
        record = present[order]
        key = composite[order] >> np.uint64(4)
        owner = self.owner[record]
        if record.size == 0:
            return LevelReport(level, 0, 0, 0)
        new_key = np.r_[True, key[1:] != key[:-1]]
        group = np.cumsum(new_key) - 1
        new_list = new_key | np.r_[True, owner[1:] != owner[:-1]]
        repeated = ~new_list  # same token and same list as the previous record
        ambiguous = np.zeros(int(group[-1]) + 1, dtype=bool)
        ambiguous[group[repeated]] = True
        lists_holding = np.bincount(group, weights=new_list.astype(np.float64)) >= 2
        usable = (lists_holding & ~ambiguous)[group]
        record, group = record[usable], group[usable]
        if record.size == 0:
            return LevelReport(level, 0, int((lists_holding & ambiguous).sum()), 0)
        head = np.r_[True, group[1:] != group[:-1]]
        first = record[head][np.cumsum(head) - 1]
        roots = self.roots()
        left, right = roots[first[~head]], roots[record[~head]]
        pending = left != right
        links, refused = self._merge(left[pending], right[pending])
        return LevelReport(level, links, int((lists_holding & ambiguous).sum()), refused)

    def _merge(self, left: IntArray, right: IntArray) -> tuple[int, int]:
        """Join the clusters (given by their roots) that the pairs ``left[i], right[i]`` link.

        The pairs form a graph between clusters. A connected part of it whose
        clusters hold records of different lists only (their list masks do
        not overlap) is joined whole, with NumPy and SciPy: that is nearly
        every part, and what makes ten lists of 100,000 people link in about
        a second. A part that would put two records of one list together is
        resolved pair by pair, in order, refusing the links that break the
        rule (:meth:`_union`).
        """
        if left.size == 0:
            return 0, 0
        nodes, index = np.unique(np.concatenate([left, right]), return_inverse=True)
        a, b = index[: left.size], index[left.size :]
        graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(nodes.size,) * 2)
        parts, label = connected_components(graph, directed=False)
        masks = self.mask[nodes]
        union = np.zeros(parts, dtype=np.int64)
        np.bitwise_or.at(union, label, masks)
        total = np.bincount(label, weights=masks, minlength=parts).astype(np.int64)
        clean = union == total  # no list appears twice among the part's clusters
        smallest = np.full(parts, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(smallest, label, nodes)
        joined = clean[label]
        self.parent[nodes[joined]] = smallest[label[joined]]
        self.mask[smallest[clean]] = union[clean]
        links = int(joined.sum() - clean.sum())
        conflict = ~clean[label[a]]
        more, refused = self._union(left[conflict].tolist(), right[conflict].tolist())
        return links + more, refused

    def _union(self, left: list[int], right: list[int]) -> tuple[int, int]:
        """Apply links one by one, refusing those that would join two records of one list."""
        parent: dict[int, int] = {}
        mask: dict[int, int] = {}

        def find(node: int) -> int:
            path = []
            while parent.setdefault(node, int(self.parent[node])) != node:
                path.append(node)
                node = parent[node]
            for step in path:
                parent[step] = node
            return node

        links = refused = 0
        for a, b in zip(left, right, strict=True):
            root_a, root_b = find(a), find(b)
            if root_a == root_b:
                continue
            mask_a = mask.setdefault(root_a, int(self.mask[root_a]))
            mask_b = mask.setdefault(root_b, int(self.mask[root_b]))
            if mask_a & mask_b:
                refused += 1
                continue
            if root_b < root_a:
                root_a, root_b = root_b, root_a
            parent[root_b] = root_a
            mask[root_a] = mask_a | mask_b
            links += 1
        for node, root in parent.items():
            self.parent[node] = root
        for root, bits in mask.items():
            self.mask[root] = bits
        return links, refused
