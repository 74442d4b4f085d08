/**
 * Group customer questions that ask the same thing (issue 4), so the inbox shows "发什么快递 ×214"
 * instead of 214 rows. Exact grouping by normalizeKey first; then near-duplicates by a
 * similarity function (default: character-bigram Jaccard >= 0.7).
 *
 * Comparing every pair of 50k questions is 1.25e9 comparisons. Blocking uses prefix filtering
 * from set-similarity joins (Chaudhuri et al. 2006; Bayardo et al., "Scaling up all pairs
 * similarity search", 2007): order each bigram set rarest-first; two sets with Jaccard >= t must
 * share a bigram among the first |x| - ceil(t·|x|) + 1 of each. Only those prefixes go in the
 * inverted index, so common bigrams like "什么" rarely create candidates.
 */
import { bigramJaccard, charBigrams } from "../near-duplicate";
import { normalizeKey } from "../normalize";

export interface QuestionCluster {
  /** normalizeKey of the representative. */
  key: string;
  /** Indexes into the input array, ascending. */
  members: number[];
  count: number;
  /** The most frequent original text among the members (first seen on ties). */
  representative: string;
}

export type Similarity = (a: string, b: string) => number;

export interface GroupOptions {
  /** Two distinct keys with similarity >= threshold join one cluster (default 0.7). */
  threshold?: number;
  /**
   * Bigram-Jaccard bound used to find candidate pairs. Defaults to `threshold` for the built-in
   * similarity; with an injected similarity it defaults to 0.5 so that pairs the engine calls
   * similar but whose wording differs more still get compared.
   */
  blockingThreshold?: number;
}

// One definition of the character-bigram Jaccard for the whole project (training/near-duplicate.ts).
export { bigramJaccard };

function jaccardSorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

class UnionFind {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export function groupQuestions(texts: string[], similarity?: Similarity, opts: GroupOptions = {}): QuestionCluster[] {
  const threshold = opts.threshold ?? 0.7;
  const blockT = opts.blockingThreshold ?? (similarity ? Math.min(0.5, threshold) : threshold);

  // 1. Exact grouping by key.
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const keyMembers: number[][] = [];
  texts.forEach((t, i) => {
    const k = normalizeKey(t);
    let ki = keyIndex.get(k);
    if (ki === undefined) {
      ki = keys.length;
      keyIndex.set(k, ki);
      keys.push(k);
      keyMembers.push([]);
    }
    keyMembers[ki].push(i);
  });

  // 2. Bigram sets as sorted token ids, ordered rarest-first for the prefixes.
  const tokenId = new Map<string, number>();
  const rawSets = keys.map((k) =>
    [...charBigrams(k)].map((g) => {
      let id = tokenId.get(g);
      if (id === undefined) tokenId.set(g, (id = tokenId.size));
      return id;
    }),
  );
  const df = new Int32Array(tokenId.size);
  for (const s of rawSets) for (const id of s) df[id]++;
  const sorted = rawSets.map((s) => Int32Array.from(s).sort());
  const byRarity = rawSets.map((s) => s.slice().sort((a, b) => df[a] - df[b] || a - b));

  const uf = new UnionFind(keys.length);
  const index = new Map<number, number[]>();
  // Process short sets first so the length filter |y| >= t·|x| holds for all earlier entries.
  const order = keys.map((_, i) => i).sort((a, b) => sorted[a].length - sorted[b].length);
  const seenStamp = new Int32Array(keys.length).fill(-1);
  for (const x of order) {
    const len = sorted[x].length;
    if (len === 0) continue;
    const prefix = len - Math.ceil(blockT * len) + 1;
    const minLen = Math.ceil(blockT * len);
    for (let p = 0; p < prefix && p < byRarity[x].length; p++) {
      const tok = byRarity[x][p];
      const list = index.get(tok);
      if (list) {
        for (const y of list) {
          if (seenStamp[y] === x) continue;
          seenStamp[y] = x;
          if (sorted[y].length < minLen) continue;
          if (uf.find(x) === uf.find(y)) continue;
          const jac = jaccardSorted(sorted[x], sorted[y]);
          if (jac < blockT) continue;
          const sim = similarity ? similarity(keys[x], keys[y]) : jac;
          if (sim >= threshold) uf.union(x, y);
        }
        list.push(x);
      } else index.set(tok, [x]);
    }
  }

  // 3. Collect clusters.
  const byRoot = new Map<number, number[]>();
  for (let k = 0; k < keys.length; k++) {
    const r = uf.find(k);
    const l = byRoot.get(r);
    if (l) l.push(k);
    else byRoot.set(r, [k]);
  }
  const clusters: QuestionCluster[] = [];
  for (const keyList of byRoot.values()) {
    const members: number[] = [];
    for (const k of keyList) for (const m of keyMembers[k]) members.push(m);
    members.sort((a, b) => a - b);
    // Representative: the most frequent original text, so the trainer sees a real wording.
    const freq = new Map<string, number>();
    let rep = texts[members[0]];
    let best = 0;
    for (const m of members) {
      const n = (freq.get(texts[m]) ?? 0) + 1;
      freq.set(texts[m], n);
      if (n > best) {
        best = n;
        rep = texts[m];
      }
    }
    clusters.push({ key: normalizeKey(rep), members, count: members.length, representative: rep });
  }
  clusters.sort((a, b) => b.count - a.count || a.members[0] - b.members[0]);
  return clusters;
}
