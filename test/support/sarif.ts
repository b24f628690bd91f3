// Every SARIF the tests produce is checked against the SARIF 2.1.0 schema with its format checks
// on (uri, uri-reference, date-time, uuid): GitHub's code scanning rejects what the schema does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

const schemaFile = join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0.json');

let validate: ReturnType<Ajv2020['compile']> | undefined;

function validator() {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv, { mode: 'full' });
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    validate = ajv.compile(schema);
  }
  return validate;
}

/** The schema's complaints about `sarif` (parsed or text), each with where it is; [] when valid. */
export function sarifProblems(sarif: unknown): string[] {
  const document = typeof sarif === 'string' ? JSON.parse(sarif) : sarif;
  const check = validator();
  if (check(document)) return [];
  return (check.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

export function expectValidSarif(sarif: unknown): void {
  expect(sarifProblems(sarif)).toEqual([]);
}
