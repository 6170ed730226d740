/** The JSON Schemas of schemas/, compiled with ajv, for the tests that validate output against them. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every schema of schemas/, compiled once. */
export function schemaValidator(): { validate(command: string, json: unknown): string[]; names: string[] } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const dir = join(root, 'schemas');
  const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const names = files.map((f) => f.replace('.schema.json', '')).filter((n) => n !== 'common');
  return {
    names,
    validate(command, json) {
      const v = ajv.getSchema(`https://pagecheck.invalid/schemas/${command}.schema.json`);
      if (!v) return [`no schema for ${command}`];
      return v(json) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}

