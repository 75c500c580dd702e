// VectorFilter → the SQL predicate LanceDB evaluates before ranking (a prefilter, so top_k counts
// only matching points). Metadata fields live in typed columns named m_<field>.
import { VectorStoreError, type FieldCondition, type MetadataValue, type VectorFilter } from './types.ts';

const BUILT_IN_COLUMNS = new Set(['document_id', 'chunk_index']);

export function metadataColumn(field: string): string {
  return `m_${field}`;
}

export function columnOf(field: string): string {
  return BUILT_IN_COLUMNS.has(field) ? field : metadataColumn(field);
}

function literal(value: MetadataValue): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new VectorStoreError(`filter values must be finite numbers, got ${value}`);
    return String(value);
  }
  return value ? 'TRUE' : 'FALSE';
}

function conditionSql(condition: FieldCondition): string {
  const column = `\`${columnOf(condition.field)}\``;
  const match = condition.match;
  if ('equals' in match) return `${column} = ${literal(match.equals)}`;
  if ('in' in match) return match.in.length === 0 ? 'FALSE' : `${column} IN (${match.in.map(literal).join(', ')})`;
  const parts: string[] = [];
  if (match.range.gt !== undefined) parts.push(`${column} > ${literal(match.range.gt)}`);
  if (match.range.gte !== undefined) parts.push(`${column} >= ${literal(match.range.gte)}`);
  if (match.range.lt !== undefined) parts.push(`${column} < ${literal(match.range.lt)}`);
  if (match.range.lte !== undefined) parts.push(`${column} <= ${literal(match.range.lte)}`);
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

export function filterToSql(filter: VectorFilter | undefined): string | undefined {
  if (!filter || filter.length === 0) return undefined;
  return filter.map((condition) => `(${conditionSql(condition)})`).join(' AND ');
}
