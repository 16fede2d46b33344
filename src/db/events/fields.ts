import { z } from 'zod';
import type { TriggerEvaluation } from '../../../domain/escalation';
import type { ConversationEventKind, StoredEventField } from '../../../domain/events';
import { storedEventSchemas } from '../../../domain/events.schema';

/** The value types `jsonb_typeof` reports. */
type JsonbType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

interface JsonSchemaNode {
  type?: string | string[];
  const?: unknown;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
}

const jsonbTypeOf = (t: string): JsonbType => (t === 'integer' ? 'number' : (t as JsonbType));

function typesOf(node: JsonSchemaNode, into: Set<JsonbType>): void {
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return variants.forEach((v) => typesOf(v, into));
  if (node.type) return [node.type].flat().forEach((t) => into.add(jsonbTypeOf(t)));
  if (node.const !== undefined) into.add(node.const === null ? 'null' : (typeof node.const as JsonbType));
  else (['object', 'array', 'string', 'number', 'boolean', 'null'] as const).forEach((t) => into.add(t));
}

/** What every stored shape of a kind allows for one field: whether each has it, and the JSON types it may hold. */
function fieldRule(kind: ConversationEventKind, field: string): { required: boolean; types: JsonbType[] } {
  const root = z.toJSONSchema(storedEventSchemas[kind], { unrepresentable: 'any' }) as JsonSchemaNode;
  const shapes = root.anyOf ?? root.oneOf ?? [root];
  const types = new Set<JsonbType>();
  let required = true;
  for (const shape of shapes) {
    const node = shape.properties?.[field];
    if (node) typesOf(node, types);
    if (!node || !shape.required?.includes(field)) required = false;
  }
  return { required, types: [...types].sort() };
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The fields of one event kind that a query reads from `data`, named once: the names are checked against every
 * stored shape of the kind at compile time (a renamed field fails the build, not an insight), and `malformed` is
 * the SQL test for a row that lacks one of them or holds a JSON type no shape allows (derived from the schemas).
 */
export function eventFields<K extends ConversationEventKind, const F extends StoredEventField<K>>(
  kind: K,
  fields: readonly F[],
) {
  const rules = fields.map((f) => ({ field: f, ...fieldRule(kind, f) }));
  return {
    kind,
    /** `alias.kind = '<kind>'` */
    isKind: (alias: string) => `${alias}.kind = ${sqlString(kind)}`,
    /** The field as text (`->>`), for casts and comparisons. */
    text: (alias: string, field: F) => `${alias}.data->>${sqlString(field)}`,
    /** The field as jsonb (`->`), for arrays and containment. */
    json: (alias: string, field: F) => `${alias}.data->${sqlString(field)}`,
    /** True for a row of this kind whose payload a query reading these fields would misread. */
    malformed: (alias: string) =>
      `(jsonb_typeof(${alias}.data) <> 'object' OR ${rules
        .map(({ field, required, types }) => {
          const value = `${alias}.data->${sqlString(field)}`;
          const wrongType = `jsonb_typeof(${value}) NOT IN (${types.map(sqlString).join(', ')})`;
          return required ? `${value} IS NULL OR ${wrongType}` : `(${value} IS NOT NULL AND ${wrongType})`;
        })
        .join(' OR ')})`,
    fields: rules,
  };
}

/** What a check for misreadable rows needs of a field set, whatever its kind. */
export interface FieldCheck {
  kind: ConversationEventKind;
  isKind(alias: string): string;
  malformed(alias: string): string;
  fields: ReadonlyArray<{ field: string }>;
}

/** A field of one trigger evaluation (an element of `turn_decided.evaluations`), as text. */
export const evaluationText = (element: string, field: keyof TriggerEvaluation) => `${element}->>${sqlString(field)}`;

/** jsonb containment: the evaluations include this trigger, fired (`@>` against the `evaluations` array). */
export const firedEvaluation = (kind: TriggerEvaluation['kind']) =>
  `${sqlString(JSON.stringify([{ kind, fired: true } satisfies Pick<TriggerEvaluation, 'kind' | 'fired'>]))}::jsonb`;
