/**
 * The plain-data YAML writer of the Envoy target (`compiler/emit/plain-yaml.ts`): whatever JSON
 * data it is given, a YAML 1.1 reader and a YAML 1.2 reader both read back exactly that data.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { toPlainYaml } from '../../compiler/emit/plain-yaml.ts';

const tricky = fc.constantFrom(
  'E0', 'e12', 'e-0', 'E+1', 'yes', 'No', 'ON', 'off', 'y', 'n', 'null', '~', 'true', '0777', '1:20', '9080', '-1', '.inf', '@type', '*.example.com', ':method',
  'outbound|9080|v1|reviews.default.svc.cluster.local', 'a: b', 'a:', '# x', '- x', '', ' lead', 'trail ', 'line\nbreak', 'tab\there',
  'quote"s', "it's", '\u2028', '\u0085', 'ünïcode', '{}', '[]', '&a', '!tag', '%x', '`x', '|', '>', 'ns[default]-policy[a]-rule[0]',
);
const key = fc.oneof(fc.string({ maxLength: 12 }), tricky);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 12 }),
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

test('plain-yaml: YAML 1.1 and 1.2 readers read back the same data', () => {
  fc.assert(
    fc.property(fc.dictionary(key, json, { maxKeys: 5 }), (raw) => {
      // Plain objects, as builders make them (the arbitraries make prototype-less ones).
      const value = JSON.parse(JSON.stringify(raw));
      const text = toPlainYaml(value);
      assert.equal(parse(text, { version: '1.1' }), value, text);
      assert.equal(parse(text), value, text);
    }),
    // A fixed seed keeps CI deterministic; the tricky strings above carry the known hard cases.
    { numRuns: 1000, seed: 20261126 },
  );
});

test('plain-yaml: the layout of nested lists and maps', () => {
  const text = toPlainYaml({ a: [{ b: 1, c: [] }, [2, 'yes']], d: {}, e: { f: ['x'] } });
  assert.is(text.slice(text.indexOf('\n') + 1), 'a:\n  - b: 1\n    c: []\n  -\n    - 2\n    - "yes"\nd: {}\ne:\n  f:\n    - x\n');
});

test.run();
