/** Regenerate schema/nqpf.schema.json from the zod spec (the source of truth). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { specJsonSchemaText } from '../src/spec/json-schema.js';

const out = resolve(import.meta.dirname, '../schema/nqpf.schema.json');
writeFileSync(out, specJsonSchemaText());
console.log(`wrote ${out}`);
