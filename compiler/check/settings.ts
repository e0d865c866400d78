/**
 * `key value` blocks: `pool {…}`, `outlier {…}`, `cors {…}` and `require jwt {…}`.
 *
 * Each block has a schema of its settings and their types; unknown keys get a "did you mean", and
 * values are checked with the same validators as everywhere else.
 */
import type { Literal, Setting, SettingsStmt } from '../syntax/ast.ts';
import type { Range } from '../diagnostics/types.ts';
import { closest } from '../util/suggest.ts';
import type { FileReporter } from './reporter.ts';
import * as V from './values.ts';

type SettingType = 'count' | 'duration' | 'percent' | 'string' | 'bool' | 'name' | 'method' | 'header' | 'origin-regex' | 'uri';

interface SettingSpec {
  type: SettingType;
  /** Whether several comma-separated values are accepted. */
  list?: boolean;
}

export type SettingsBlock = SettingsStmt['block'];

export const settingSchemas: Record<SettingsBlock, Record<string, SettingSpec>> = {
  pool: {
    'max-connections': { type: 'count' },
    'connect-timeout': { type: 'duration' },
    'max-pending-requests': { type: 'count' },
    'max-requests': { type: 'count' },
    'max-requests-per-connection': { type: 'count' },
    'max-retries': { type: 'count' },
    'idle-timeout': { type: 'duration' },
  },
  outlier: {
    'consecutive-errors': { type: 'count' },
    'consecutive-gateway-errors': { type: 'count' },
    interval: { type: 'duration' },
    ejection: { type: 'duration' },
    'max-ejection': { type: 'percent' },
    'min-health': { type: 'percent' },
  },
  cors: {
    origins: { type: 'string', list: true },
    'origin-regexes': { type: 'origin-regex', list: true },
    methods: { type: 'method', list: true },
    'allow-headers': { type: 'header', list: true },
    'expose-headers': { type: 'header', list: true },
    'max-age': { type: 'duration' },
    credentials: { type: 'bool' },
  },
  jwt: {
    issuer: { type: 'string' },
    'jwks-uri': { type: 'uri' },
    jwks: { type: 'string' },
    audiences: { type: 'string', list: true },
    'from-header': { type: 'header' },
    'header-prefix': { type: 'string' },
    'from-query': { type: 'name', list: true },
    'from-cookie': { type: 'name', list: true },
    'forward-token': { type: 'bool' },
  },
};

const expectations: Record<SettingType, string> = {
  count: 'a whole number of at least 1',
  duration: 'a duration such as `10s`',
  percent: 'a percentage such as `50%`',
  string: 'a string in double quotes',
  bool: '`true` or `false`',
  name: 'a name',
  method: 'an HTTP method such as `GET`',
  header: 'a header name',
  'origin-regex': 'a regular expression in double quotes',
  uri: 'a URI in double quotes',
};

export type SettingValue = number | string | boolean;

export interface CheckedSetting {
  values: SettingValue[];
  range: Range;
}

/** Reads a settings block: the valid settings by key. Problems are reported, never thrown. */
export function readSettings(fr: FileReporter, stmt: SettingsStmt): Map<string, CheckedSetting> {
  const schema = settingSchemas[stmt.block];
  const result = new Map<string, CheckedSetting>();
  const firstSeen = new Map<string, Setting>();
  const blockName = stmt.block === 'jwt' ? 'require jwt' : stmt.block;
  for (const setting of stmt.entries) {
    const key = setting.key.text;
    const spec = schema[key];
    if (!spec) {
      const suggestion = closest(key, Object.keys(schema));
      fr.report(
        'M4009',
        setting.key.range,
        { name: key, block: blockName, known: Object.keys(schema).join(', '), hint: suggestion ? ` Did you mean \`${suggestion}\`?` : '' },
        { fixes: suggestion ? [fr.replace(setting.key.range, suggestion)] : [] },
      );
      continue;
    }
    const earlier = firstSeen.get(key);
    if (earlier) {
      fr.report('M4002', setting.key.range, { what: `\`${key}\``, context: `\`${blockName}\`` }, {
        related: [fr.related(fr.loc(earlier.key.range), `\`${key}\` is first given here`)],
      });
      continue;
    }
    firstSeen.set(key, setting);
    if (!spec.list && setting.values.length > 1) {
      fr.report('M4010', setting.values[1]!.range, { name: key, expected: `one value (${expectations[spec.type]})`, found: 'a list' });
      continue;
    }
    const values: SettingValue[] = [];
    let ok = setting.values.length > 0;
    for (const literal of setting.values) {
      const value = readValue(fr, key, spec.type, literal);
      if (value === undefined) ok = false;
      else values.push(value);
    }
    if (ok) result.set(key, { values, range: setting.range });
  }
  return result;
}

function describe(literal: Literal): string {
  switch (literal.kind) {
    case 'Str': return `the string "${literal.value}"`;
    case 'Ident': return `\`${literal.text}\``;
    default: return `\`${literal.raw}\``;
  }
}

function readValue(fr: FileReporter, key: string, type: SettingType, literal: Literal): SettingValue | undefined {
  const wrong = (): undefined => {
    fr.report('M4010', literal.range, { name: key, expected: expectations[type], found: describe(literal) });
    return undefined;
  };
  switch (type) {
    case 'count':
      if (literal.kind !== 'Num' || !Number.isInteger(literal.value) || literal.value < 1) return wrong();
      return literal.value;
    case 'duration': {
      if (literal.kind !== 'Qty') return wrong();
      const parsed = V.parseDuration(literal.raw);
      if (parsed.error) return void fr.value(literal, parsed.error);
      return parsed.value;
    }
    case 'percent':
      if (literal.kind !== 'Pct') return wrong();
      return fr.value(literal, V.checkPercent(literal.value)) ? literal.value : undefined;
    case 'string':
      return literal.kind === 'Str' ? literal.value : wrong();
    case 'uri':
      if (literal.kind !== 'Str') return wrong();
      return fr.value(literal, V.checkUri(literal.value, ['https', 'http'])) ? literal.value : undefined;
    case 'origin-regex':
      if (literal.kind !== 'Str') return wrong();
      return fr.value(literal, V.checkRegex(literal.value)) ? literal.value : undefined;
    case 'bool':
      if (literal.kind !== 'Ident' || (literal.text !== 'true' && literal.text !== 'false')) return wrong();
      return literal.text === 'true';
    case 'name':
      if (literal.kind === 'Ident') return literal.text;
      if (literal.kind === 'Str' && literal.value !== '') return literal.value;
      return wrong();
    case 'method':
      if (literal.kind !== 'Ident') return wrong();
      return fr.value(literal, V.checkMethod(literal.text)) ? literal.text : undefined;
    case 'header': {
      const name = literal.kind === 'Ident' ? literal.text : literal.kind === 'Str' ? literal.value : undefined;
      if (name === undefined) return wrong();
      return fr.value(literal, V.checkHeaderName(name)) ? name : undefined;
    }
  }
}
