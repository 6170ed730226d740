/**
 * The manifest of expected results: for every model, its baseline at every configuration and each
 * other variant at its default configuration, the verdict and the exact state count of an
 * exhaustive breadth-first search; for every baseline configuration also the state counts under
 * each reduction; and for every model its coverage, what its baseline's checks reach over all its
 * configurations together (src/coverage/model.ts): reached and existing items by kind, and every
 * item never reached. Tests re-run every entry and compare; a change of model that changes a
 * count, or loses (or gains) coverage, must update the manifest on purpose (`npm run manifest`),
 * so that the diff shows it in review.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from './engine/types.ts';
import { variantResult } from './validate/validate.ts';
import { resolve } from './check.ts';
import { explore } from './engine/explore.ts';
import { MODELS, findModel, findVariant, suiteConfigsOf } from '../models/registry.ts';
import { checkWithCoverage } from './check.ts';
import { checkModelCoverage, type ModelCoverage } from './coverage/model.ts';
import { mergeCoverage, NO_COVERAGE } from './coverage/summary.ts';
import type { ModelDef } from '../models/types.ts';

/** One manifest entry. */
export interface ManifestEntry {
  readonly model: string;
  readonly variant: string;
  readonly config: string;
  /** `ok`, a property code, `deadlock`, or `divergence` (a mutant caught by `validate`). */
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /**
   * Baseline entries only: distinct states with CPU symmetry, with partial-order reduction, and
   * with both (symmetry equals `states` where the model has no symmetry in that configuration).
   */
  readonly reduced?: ReducedCounts;
}

/** Distinct states of one configuration under each reduction. */
export interface ReducedCounts {
  readonly symmetry: number;
  readonly por: number;
  readonly symmetryPor: number;
}

/** A model's coverage as the manifest records it. */
export interface ManifestCoverage {
  readonly model: string;
  readonly edges: { readonly reached: number; readonly total: number };
  readonly events: { readonly reached: number; readonly total: number };
  readonly calls: { readonly reached: number; readonly total: number };
  /** Every item no configuration reaches (qualified names: `edge ...`, `event ...`, `call ...`), declared unreachable or not. */
  readonly unreached: readonly string[];
}

/** The manifest file: the entries, then each model's coverage. */
export interface Manifest {
  readonly entries: readonly ManifestEntry[];
  readonly coverage: readonly ManifestCoverage[];
}

/** Path of the manifest file. */
export const MANIFEST_PATH = fileURLToPath(new URL('../models/manifest.json', import.meta.url));

/** The verdict word of a result. */
export function verdictOf(r: CheckResult): string {
  if (r.status === 'violation') return r.finding.code;
  return r.status;
}

/** Every (model, variant, configuration) the manifest covers, in suite order. */
export function manifestKeys(): { model: string; variant: string; config: string }[] {
  return MODELS.flatMap((m) => m.variants.flatMap((v) => suiteConfigsOf(m, v).map((config) => ({ model: m.name, variant: v.name, config }))));
}

/** Runs one entry, as the suite runs it (a patch or divergence mutant through `validate`). */
export function runEntry(key: { model: string; variant: string; config: string }): ManifestEntry {
  const model = findModel(key.model);
  const result = variantResult(model, findVariant(model, key.variant), key.config);
  return { ...key, verdict: verdictOf(result), states: result.states, transitions: result.transitions, depth: result.depth };
}

/** The state counts of a baseline configuration under each reduction. */
export function reducedCounts(model: string, config: string): ReducedCounts {
  const states = (symmetry: boolean, por: boolean) => explore(resolve({ model, config, reductions: { symmetry, por } }).built.system).states;
  return { symmetry: states(true, false), por: states(false, true), symmetryPor: states(true, true) };
}

/**
 * A model's coverage as the suite checks it: its baseline explored exhaustively at every
 * configuration with coverage counted, the summaries united, checked against its declarations.
 */
export function modelCoverage(model: ModelDef): ModelCoverage {
  const configs = Object.keys(model.configs);
  const union = configs.map((config) => checkWithCoverage({ model: model.name, config }).coverage).reduce(mergeCoverage, NO_COVERAGE);
  return checkModelCoverage(model, union, configs);
}

/** What the manifest records of a model's coverage. */
export function manifestCoverage(c: ModelCoverage): ManifestCoverage {
  return { model: c.model, edges: c.totals.edge, events: c.totals.event, calls: c.totals.call, unreached: c.unreached };
}

/** Reads the committed manifest. */
export function readManifestFile(): Manifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

/** Reads the committed manifest's entries. */
export function readManifest(): ManifestEntry[] {
  return [...readManifestFile().entries];
}

/** Recomputes and writes the manifest. */
export function writeManifest(): Manifest {
  const entries = manifestKeys().map((key) => {
    const e = runEntry(key);
    return findVariant(findModel(key.model), key.variant).kind === 'baseline' ? { ...e, reduced: reducedCounts(key.model, key.config) } : e;
  });
  const manifest: Manifest = { entries, coverage: MODELS.map((m) => manifestCoverage(modelCoverage(m))) };
  writeFileSync(MANIFEST_PATH, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
