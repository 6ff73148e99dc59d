import type { ContentFilterType } from "../config.js";
import { BUCKET_BITS, BUCKETS, featuresOf } from "./features.js";
import type { Features } from "./features.js";
import { margin } from "./model.js";
import type { CategoryModel, CategoryWeights, ModelFile } from "./model.js";
import { seededRandom as rng } from "./seeded-random.js";

/**
 * Training for the hashed n-gram classifier: plain SGD on L2-regularised logistic loss, one model
 * per category, then int8 quantisation and Platt scaling on a held-out split. Everything is
 * seeded and sequential, so the same rows give byte-identical weights on every machine
 * (IEEE doubles, no threads, no Math.random). Kept here rather than in training/ so its test runs
 * with the others; the command-line wrapper (training/train.js) only reads files.
 */
export interface LabelledText {
  readonly text: string;
  readonly labels: readonly ContentFilterType[];
  /** Overrides `splitOf`, for rows whose own held-out half is kept elsewhere (never "test" then). */
  readonly split?: Exclude<Split, "test">;
}

export type Split = "train" | "calibrate" | "test";

/** A row's split from a hash of its text, so it never moves when rows are added or reordered. */
export function splitOf(text: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const bucket = h % 100;
  return bucket < 70 ? "train" : bucket < 85 ? "calibrate" : "test";
}

export interface TrainOptions {
  readonly seed: number;
  readonly epochs: number;
  /** L2 strength per example. */
  readonly lambda: number;
  readonly learningRate: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { seed: 11, epochs: 16, lambda: 1e-5, learningRate: 0.5 };


interface Example {
  readonly x: Features;
  readonly y: 0 | 1;
}

/** SGD with the weight vector kept as scale × v, so the L2 shrink is O(1) per step, not O(buckets). */
function fit(examples: readonly Example[], options: TrainOptions): { w: Float64Array; bias: number } {
  const v = new Float64Array(BUCKETS);
  let scale = 1;
  let bias = 0;
  const order = examples.map((_, i) => i);
  const random = rng(options.seed);
  // Positives are the minority in every category; weighting them keeps the margin from
  // collapsing to "never" before Platt rescales it.
  // Where positives are the majority (tweets, for INSULTS) they are not weighted down.
  const positives = examples.filter((e) => e.y === 1).length;
  const positiveWeight = positives === 0 ? 1 : Math.min(5, Math.max(1, (examples.length - positives) / positives));
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const { x, y } = examples[k] as Example;
      const eta = options.learningRate / (1 + options.learningRate * options.lambda * t);
      t += 1;
      let dot = 0;
      for (let i = 0; i < x.index.length; i += 1) dot += (v[x.index[i] as number] as number) * (x.value[i] as number);
      const p = 1 / (1 + Math.exp(-(scale * dot + bias)));
      const g = (p - y) * (y === 1 ? positiveWeight : 1);
      scale *= 1 - eta * options.lambda;
      const step = (eta * g) / scale;
      for (let i = 0; i < x.index.length; i += 1) {
        const b = x.index[i] as number;
        v[b] = (v[b] as number) - step * (x.value[i] as number);
      }
      bias -= eta * g * 0.1;
      if (scale < 1e-6) {
        for (let b = 0; b < BUCKETS; b += 1) v[b] = (v[b] as number) * scale;
        scale = 1;
      }
    }
  }
  for (let b = 0; b < BUCKETS; b += 1) v[b] = (v[b] as number) * scale;
  return { w: v, bias };
}

function quantise(w: Float64Array): { weights: Int8Array; scale: number } {
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max === 0 ? 1 : max / 127;
  const weights = new Int8Array(w.length);
  for (let i = 0; i < w.length; i += 1) weights[i] = Math.round((w[i] as number) / scale);
  return { weights, scale };
}

/**
 * Platt scaling: fit σ(a·m + b) to held-out labels by Newton's method, with Platt's smoothed
 * targets so a perfectly separated split does not push a to infinity.
 */
export function platt(margins: readonly number[], labels: readonly (0 | 1)[]): { a: number; b: number } {
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter += 1) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    margins.forEach((m, i) => {
      const target = labels[i] === 1 ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const d = p - target;
      const w = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

const round = (x: number): number => Number(x.toPrecision(9));

/** Trains every category on the train split and calibrates it on the calibrate split. */
export function train(rows: readonly LabelledText[], categories: readonly ContentFilterType[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ModelFile {
  const featured = rows.map((row) => ({ row, x: featuresOf(row.text), split: row.split ?? splitOf(row.text) }));
  const out: Partial<Record<ContentFilterType, CategoryWeights>> = {};
  for (const category of categories) {
    const label = (labels: readonly ContentFilterType[]): 0 | 1 => (labels.includes(category) ? 1 : 0);
    const trainSet = featured.filter((f) => f.split === "train").map((f) => ({ x: f.x, y: label(f.row.labels) }));
    const { w, bias } = fit(trainSet, options);
    const q = quantise(w);
    const model: CategoryModel = { weights: q.weights, scale: round(q.scale), bias: round(bias), plattA: 1, plattB: 0 };
    const held = featured.filter((f) => f.split === "calibrate");
    const { a, b } = platt(held.map((f) => margin(model, f.x)), held.map((f) => label(f.row.labels)));
    out[category] = {
      scale: model.scale,
      bias: model.bias,
      plattA: round(a),
      plattB: round(b),
      weights: Buffer.from(q.weights.buffer, q.weights.byteOffset, q.weights.length).toString("base64"),
    };
  }
  return { format: 1, bucketBits: BUCKET_BITS, categories: out };
}


const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Moves a calibrated model from the label rate of the rows it was calibrated on to another
 * (the usual prior-shift correction of the log-odds). A model calibrated where most rows are
 * positive (offensive tweets) otherwise scores a text it knows nothing about — another script,
 * another register — at that high base rate, which a HIGH-strength filter would block.
 */
export function shiftPrior(weights: CategoryWeights, fromRate: number, toRate: number): CategoryWeights {
  if (!(fromRate > 0 && fromRate < 1 && toRate > 0 && toRate < 1)) throw new Error("label rates must lie strictly between 0 and 1");
  return { ...weights, plattB: round(weights.plattB + logit(toRate) - logit(fromRate)) };
}

/** The share of a category's calibration rows that are positive, as `train` splits them. */
export function calibrationRate(rows: readonly LabelledText[], category: ContentFilterType): number {
  const held = rows.filter((row) => (row.split ?? splitOf(row.text)) === "calibrate");
  return held.filter((row) => row.labels.includes(category)).length / held.length;
}
