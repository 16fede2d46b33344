import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { supportSearchAttributes } from '../../domain/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

function indexedType(type: SearchAttributeType) {
  switch (type) {
    case SearchAttributeType.KEYWORD:
      return IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    case SearchAttributeType.DATETIME:
      return IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
    default:
      throw new Error(`unsupported search attribute type ${type}`);
  }
}

/** Registers the project's search attributes that the namespace lacks, so a fresh or shared server works. */
export async function ensureSearchAttributes(
  connection: { operatorService: Connection['operatorService'] },
  namespace: string,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = supportSearchAttributes.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((k) => [k.name, indexedType(k.type)]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Two processes registering at once: the loser sees ALREADY_EXISTS (gRPC 6).
    if ((err as { code?: number }).code !== 6) throw err;
  }
  return missing.map((k) => k.name);
}

/** The `--search-attribute` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  return supportSearchAttributes.flatMap((k) => [
    '--search-attribute',
    `${k.name}=${k.type === SearchAttributeType.DATETIME ? 'Datetime' : 'Keyword'}`,
  ]);
}
