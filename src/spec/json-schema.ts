import { z } from 'zod';
import { Spec } from './schema.js';

/** The JSON Schema of the spec (input side: defaults make fields optional), as committed text. */
export function specJsonSchemaText(): string {
  const schema = z.toJSONSchema(Spec, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const out = schema;
  return JSON.stringify(out, null, 2) + '\n';
}
