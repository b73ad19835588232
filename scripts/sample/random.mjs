// Seeded pseudo-random numbers, so that `npm run sample` writes byte-identical files on
// every run and every machine. sfc32 (Chris Doty-Humphrey's Small Fast Counter) is small,
// fast and passes PractRand; a string seed is hashed into its four 32-bit words.

/**
 * A deterministic random source.
 * @param {string} seed any string; the same seed always gives the same sequence
 */
export function createRandom(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const nextSeed = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = nextSeed(), b = nextSeed(), c = nextSeed(), d = nextSeed();

  /** Uniform on [0, 1). */
  const uniform = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) uniform(); // warm up the state

  let spare = null;
  /** Standard normal (Box-Muller, using both outputs). */
  const normal = () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  /** Integer in [lo, hi] inclusive. */
  const integer = (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1));

  /** A random sample of k distinct items (order of the source kept). */
  const sample = (items, k) => {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx.slice(0, k).sort((x, y) => x - y).map((i) => items[i]);
  };

  return { uniform, normal, integer, sample };
}
