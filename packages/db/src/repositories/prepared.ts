import { type AbortableQueryOptions, type Compilable, CompiledQuery, type Kysely } from 'kysely';

/**
 * Hot queries built once per shape instead of once per request.
 *
 * Building a Kysely query and compiling it to SQL costs more CPU than SQLite takes to run it (a
 * ticket view spent ~40 % of its time there). `preparedQuery` builds the query with markers in
 * place of the argument values, compiles it once per shape, and afterwards only swaps the real
 * values into the parameter list. The shape is everything but the values: which fields are
 * present, which are null, how long each list is. So a builder may branch on presence, null and
 * length, never on a value's content; anything that is not a plain value (a Date, or a value
 * that ends up in the SQL text or is computed with) makes the call build and compile as usual.
 */

const MARK = '\u0000hd:';
const CACHE_LIMIT = 500;
const cache = new Map<string, { sql: string; slots: (string | { constant: unknown })[] } | null>();

class NotMarkable extends Error {}

/** A copy of `value` with each string and number replaced by a marker naming its path. */
function mark(value: unknown, path: string, values: Map<string, unknown>): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    const marker = `${MARK}${path}`;
    values.set(marker, value);
    return marker;
  }
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, index) => mark(item, `${path}.${index}`, values));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        mark(item, `${path}.${key}`, values),
      ]),
    );
  }
  throw new NotMarkable();
}

/** The compiled shape: the SQL, and per parameter either the marker it takes its value from or a constant. */
function prepare(compiled: CompiledQuery, values: Map<string, unknown>) {
  if (compiled.sql.includes(MARK)) return null;
  const slots: (string | { constant: unknown })[] = [];
  for (const parameter of compiled.parameters) {
    if (typeof parameter === 'string' && parameter.includes(MARK)) {
      // A marker changed on the way (concatenated, computed with): this shape is not cacheable.
      if (!values.has(parameter)) return null;
      slots.push(parameter);
    } else slots.push({ constant: parameter });
  }
  return { sql: compiled.sql, slots };
}

/**
 * Runs `build(args)`'s query; `name` and `dialect` tell apart queries that share argument shapes.
 * The answer is exactly what executing the built query would answer. `options` (an abort signal)
 * go to Kysely's executor as they would with `execute(options)`.
 */
export async function preparedQuery<Args extends object, Row>(
  db: Kysely<never>,
  dialect: string,
  name: string,
  args: Args,
  build: (args: Args) => Compilable<Row>,
  options?: AbortableQueryOptions,
): Promise<Row[]> {
  const values = new Map<string, unknown>();
  let marked: Args;
  try {
    marked = mark(args, '', values) as Args;
  } catch (error) {
    if (!(error instanceof NotMarkable)) throw error;
    return (await db.executeQuery(build(args).compile(), options)).rows as Row[];
  }
  const key = `${dialect}\u0001${name}\u0001${JSON.stringify(marked)}`;
  let prepared = cache.get(key);
  if (prepared === undefined) {
    prepared = prepare(build(marked).compile(), values);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, prepared);
  }
  if (!prepared) return (await db.executeQuery(build(args).compile(), options)).rows as Row[];
  const parameters = prepared.slots.map((slot) =>
    typeof slot === 'string' ? values.get(slot) : slot.constant,
  );
  return (await db.executeQuery(CompiledQuery.raw(prepared.sql, parameters), options)).rows as Row[];
}
