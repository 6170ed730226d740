/**
 * The manifest of expected results: for every model, its baseline at every configuration and each
 * other variant at its default configuration, the verdict and the exact state count of an
 * exhaustive breadth-first search. A test re-runs every entry and compares; a change of model
 * that changes a count must update the manifest on purpose (`npm run manifest`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from './engine/types.ts';
import { variantResult } from './validate/validate.ts';
import { MODELS, findModel, findVariant } from '../models/registry.ts';

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
  return MODELS.flatMap((m) =>
    m.variants.flatMap((v) => (v.kind === 'baseline' ? Object.keys(m.configs) : [v.config ?? m.defaultConfig]).map((config) => ({ model: m.name, variant: v.name, config }))),
  );
}

/** Runs one entry, as the suite runs it (a patch or divergence mutant through `validate`). */
export function runEntry(key: { model: string; variant: string; config: string }): ManifestEntry {
  const model = findModel(key.model);
  const result = variantResult(model, findVariant(model, key.variant), key.config);
  return { ...key, verdict: verdictOf(result), states: result.states, transitions: result.transitions, depth: result.depth };
}

/** Reads the committed manifest. */
export function readManifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as ManifestEntry[];
}

/** Recomputes and writes the manifest. */
export function writeManifest(): ManifestEntry[] {
  const entries = manifestKeys().map(runEntry);
  writeFileSync(MANIFEST_PATH, JSON.stringify(entries, null, 2) + '\n');
  return entries;
}
