/** Regenerate schema/nqpf.schema.json and docs/spec.md from the zod spec (the source of truth). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { specJsonSchemaText } from '../src/spec/json-schema.js';
import { specMarkdown } from '../src/spec/spec-doc.js';

const root = resolve(import.meta.dirname, '..');
writeFileSync(resolve(root, 'schema/nqpf.schema.json'), specJsonSchemaText());
writeFileSync(resolve(root, 'docs/spec.md'), specMarkdown());
console.log('wrote schema/nqpf.schema.json and docs/spec.md');
