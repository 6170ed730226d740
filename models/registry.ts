/** Every built-in model, by name. */
import { UsageError } from '../src/util/unreachable.ts';
import { closest } from '../src/util/bits.ts';
import { buddyModel } from './buddy/index.ts';
import { pcpModel } from './pcp/index.ts';
import { pcpBuddyModel } from './pcp-buddy/index.ts';
import { contigModel } from './contig/index.ts';
import { isolationModel } from './isolation/index.ts';
import type { ConfigInput } from '../src/config/schema.ts';
import type { ModelDef, Variant } from './types.ts';

/** The built-in models, in the order the suite runs them. */
export const MODELS: readonly ModelDef[] = [buddyModel, pcpModel, pcpBuddyModel, contigModel, isolationModel];

/** The model with this name; a UsageError naming the known models otherwise. */
export function findModel(name: string): ModelDef {
  const m = MODELS.find((x) => x.name === name);
  if (m) return m;
  const near = closest(name, MODELS.map((x) => x.name));
  throw new UsageError(
    `unknown model '${name}'. Models: ${MODELS.map((x) => x.name).join(', ')}.` + (near.length ? ` Did you mean '${near[0]}'?` : ''),
  );
}

/** Variants loaded from user files in this process, by model name. */
const userVariants = new Map<string, Variant[]>();

/** Makes a variant loaded from a file known by name (for the commands and the workers of this process). */
export function addUserVariant(model: ModelDef, v: Variant): void {
  const list = userVariants.get(model.name) ?? [];
  userVariants.set(model.name, [...list.filter((x) => x.name !== v.name), v]);
}

/** The model's variants, built-in then loaded from files. */
export function variantsOf(model: ModelDef): readonly Variant[] {
  return [...model.variants, ...(userVariants.get(model.name) ?? [])];
}

/** The variant with this name in a model; a UsageError naming its variants otherwise. */
export function findVariant(model: ModelDef, name: string): Variant {
  const all = variantsOf(model);
  const v = all.find((x) => x.name === name);
  if (v) return v;
  const near = closest(name, all.map((x) => x.name));
  throw new UsageError(
    `unknown variant '${name}' of model ${model.name}. Variants: ${all.map((x) => x.name).join(', ')}.` +
      (near.length ? ` Did you mean '${near[0]}'?` : ''),
  );
}

/** Every named configuration of a model: the exhaustive ones, then those for randomized exploration. */
export function namedConfigs(model: ModelDef): Readonly<Record<string, ConfigInput>> {
  return { ...model.configs, ...(model.fuzzConfigs ?? {}) };
}

/** The configurations the suite and the manifest check a variant at: a baseline at every exhaustive one, any other at its own and those it names in `alsoAt`. */
export function suiteConfigsOf(model: ModelDef, v: Variant): readonly string[] {
  if (v.kind === 'baseline') return Object.keys(model.configs);
  return [v.config ?? model.defaultConfig, ...(v.alsoAt ?? [])];
}
