// fast-check arbitraries derived from the JSON schemas of the OpenAPI document: values that
// conform to a schema, values that break it in the ways that used to reach the database (numbers
// past int4/int8/2^53, fractions, negatives, NUL bytes, very long strings, wrong types, unknown
// fields), and a mix of both at every level. A small mapper of the keywords the API uses, not a
// fuzzer engine: generation, bias and shrinking are fast-check's.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** Realistic values by property (or parameter) name, e.g. serials and part ids that exist. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export interface ArbitraryOptions {
  /** Relative weight of a broken value at each level (0: only conforming values). */
  nastyWeight: number;
  hints?: Hints;
}

const INT4_MAX = 2 ** 31 - 1;

/** Numbers that overflow or do not fit the columns behind the API. */
export const NASTY_NUMBERS: readonly number[] = [
  -1,
  0,
  1.5,
  -(2 ** 31) - 1,
  2 ** 31,
  INT4_MAX,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  99_999_999_999,
  1e21,
  3.1e33,
  -3.1e33,
  1e308,
];

/** Strings Postgres refuses or that stress lengths, encodings and LIKE patterns. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'RM-\u0000AAAA',
  'x'.repeat(10_000),
  '\uD800',
  '🙂'.repeat(600),
  '%_\\\'"',
  '-1',
  '1e999',
  '99999999999999999999999',
  'null',
  'true',
  '2026-02-30T25:61:00Z',
];

const WRONG_TYPES: readonly unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, [null]];

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

/** A value that is wrong for `schema`: an edge number, a hostile string or another type. */
export function nastyArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const ofType: fc.Arbitrary<unknown>[] = [];
  const type = typeOf(schema);
  if (type === 'string') {
    // A conforming string with a NUL byte somewhere inside.
    ofType.push(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`));
    if (schema.maxLength !== undefined) ofType.push(fc.constant('y'.repeat(schema.maxLength + 1)));
  }
  if (type === 'integer' || type === 'number') {
    if (schema.maximum !== undefined) ofType.push(fc.constant(schema.maximum + 1));
    if (schema.minimum !== undefined) ofType.push(fc.constant(schema.minimum - 1));
    ofType.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
  }
  return fc.oneof(
    fc.constantFrom(...NASTY_NUMBERS),
    fc.constantFrom(...NASTY_STRINGS),
    fc.constantFrom(...WRONG_TYPES),
    ...ofType,
  );
}

function integerArb(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -Number.MAX_SAFE_INTEGER;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  const full =
    min >= -(2 ** 31) && max <= INT4_MAX
      ? fc.integer({ min, max })
      : fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number);
  // Ids of rows that exist are small: bias towards the bottom of the range.
  const low = Math.max(min, Math.min(max, 0));
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: low, max: Math.min(max, low + 40) }) }, full);
}

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength;
  const short = fc.string({
    minLength,
    maxLength: Math.max(minLength, Math.min(maxLength ?? 30, 30)),
    unit: 'grapheme',
  });
  const options: fc.Arbitrary<string>[] = [short, fc.string({ minLength, maxLength: Math.min(maxLength ?? 30, 30) })];
  // Exactly as long as allowed, in multi-byte characters.
  if (maxLength !== undefined && maxLength > 30) options.push(fc.constant('é'.repeat(maxLength)));
  const arb = fc.oneof(...options);
  if (!schema.pattern) return arb;
  const pattern = new RegExp(schema.pattern, 'u');
  return arb.filter((s) => pattern.test(s));
}

/** A value conforming to `schema`, with children mixed per `options.nastyWeight`. */
export function schemaArb(schema: JsonSchema, options: ArbitraryOptions, name?: string): fc.Arbitrary<unknown> {
  const conforming = conformingArb(schema, options, name);
  if (options.nastyWeight <= 0) return conforming;
  return fc.oneof({ weight: 8, arbitrary: conforming }, { weight: options.nastyWeight, arbitrary: nastyArb(schema) });
}

function conformingArb(schema: JsonSchema, options: ArbitraryOptions, name?: string): fc.Arbitrary<unknown> {
  const base = baseArb(schema, options);
  const hint = name ? options.hints?.[name] : undefined;
  const withHint = hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: base }) : base;
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: withHint }, fc.constant(null)) : withHint;
}

function baseArb(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'integer':
      return integerArb(schema);
    case 'number':
      return fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringArb(schema);
    case 'array': {
      const items = schemaArb(schema.items ?? {}, options);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) };
      return schema.uniqueItems
        ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(items, constraints);
    }
    case 'object': {
      if (!schema.properties || Object.keys(schema.properties).length === 0) {
        return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      }
      const model = Object.fromEntries(
        Object.entries(schema.properties).map(([key, child]) => [key, schemaArb(child, options, key)]),
      );
      const record = fc.record(model, { requiredKeys: schema.required ?? [] });
      if (options.nastyWeight <= 0) return record;
      // Sometimes drop a required field or add one the schema does not know.
      return fc.oneof(
        { weight: 8, arbitrary: record },
        {
          weight: options.nastyWeight,
          arbitrary: fc
            .tuple(record, fc.constantFrom(...Object.keys(schema.properties)), fc.jsonValue({ maxDepth: 1 }))
            .map(([value, drop, extra]) => {
              const { [drop]: _dropped, ...rest } = value as Record<string, unknown>;
              return { ...rest, unknown_field: extra };
            }),
        },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
