/**
 * The suite's one random source: seeded (EKS_CIDR_RELIABILITY_SEED, default 16), so a failure
 * reproduces by running the suite again with the seed it printed. mulberry32: small, fast, and good
 * enough for choosing inputs.
 */
export const SEED = Number(process.env.EKS_CIDR_RELIABILITY_SEED ?? 16) >>> 0;

export type Rng = {
  (): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

export function rng(stream: number): Rng {
  let a = (SEED ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (max) => Math.floor(next() * max);
  next.pick = (items) => items[next.int(items.length)]!;
  next.chance = (p) => next() < p;
  return next;
}
