/**
 * The benchmark's floor parser (`bench/floor-parser.ts`, a chevrotain `CstParser`) has exactly
 * the grammar of `grammar/parser.ts` (embedded actions): the same rules, alternatives,
 * repetitions and terminals, compared through chevrotain's serialised grammar. Labels are left
 * out: they name CST children, which only the floor builds.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serializeGrammar, type Rule } from 'chevrotain';
import { MeshParser } from '../../grammar/parser.ts';
import { FloorParser } from '../../bench/floor-parser.ts';

function rules(productions: Record<string, Rule>): Map<string, string> {
  const serialised = serializeGrammar(Object.values(productions)) as unknown as { name: string }[];
  return new Map(serialised.map((rule) => [rule.name, JSON.stringify(rule, (key, value) => (key === 'label' || key === 'terminalLabel' || key === 'nonTerminalLabel' ? undefined : value))]));
}

test('floor: the floor parser recognises the same grammar as meshc', () => {
  const mesh = rules(new MeshParser({ validate: true }).getGAstProductions());
  const floor = rules(new FloorParser({ validate: true }).getGAstProductions());
  assert.equal([...mesh.keys()].sort(), [...floor.keys()].sort());
  for (const [name, production] of mesh) assert.is(floor.get(name), production, `rule ${name} differs`);
});

test.run();
