/** Every built-in model, by name. */
import { UsageError } from '../src/util/unreachable.ts';
import { closest } from '../src/util/bits.ts';
import { buddyModel } from './buddy/index.ts';
import { pcpModel } from './pcp/index.ts';
import type { ModelDef, Variant } from './types.ts';

/** The built-in models, in the order the suite runs them. */
export const MODELS: readonly ModelDef[] = [buddyModel, pcpModel];

/** The model with this name; a UsageError naming the known models otherwise. */
export function findModel(name: string): ModelDef {
  const m = MODELS.find((x) => x.name === name);
  if (m) return m;
  const near = closest(name, MODELS.map((x) => x.name));
  throw new UsageError(
    `unknown model '${name}'. Models: ${MODELS.map((x) => x.name).join(', ')}.` + (near.length ? ` Did you mean '${near[0]}'?` : ''),
  );
}

/** The variant with this name in a model; a UsageError naming its variants otherwise. */
export function findVariant(model: ModelDef, name: string): Variant {
  const v = model.variants.find((x) => x.name === name);
  if (v) return v;
  const near = closest(name, model.variants.map((x) => x.name));
  throw new UsageError(
    `unknown variant '${name}' of model ${model.name}. Variants: ${model.variants.map((x) => x.name).join(', ')}.` +
      (near.length ? ` Did you mean '${near[0]}'?` : ''),
  );
}
