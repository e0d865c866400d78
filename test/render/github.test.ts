import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeData, escapeProperty, renderGithub } from '../../compiler/diagnostics/render/github.ts';
import { diagnostics, sources } from './fixtures.ts';

test('one workflow command per diagnostic, by severity, with the code as title', () => {
  assert.fixture(
    renderGithub({ diagnostics, sources }),
    [
      '::notice file=a.mesh,line=1,col=3,endLine=2,endColumn=6,title=M1002::Spans two lines.',
      '::warning file=a.mesh,line=2,col=13,endLine=2,endColumn=14,title=M1003::Odd, 100%25 odd:%0Asee here',
      '::error file=b.mesh,line=2,col=7,endLine=2,endColumn=9,title=M1001::Unexpected character #.%0Aa.mesh:1:1: note: the mesh is declared here',
      '::error file=c.mesh,line=1,col=1,endLine=1,endColumn=1,title=M0002::Binary.',
      '',
    ].join('\n'),
  );
});

test('escaping follows the Actions toolkit', () => {
  assert.is(escapeData('50%\r\n: ,'), '50%25%0D%0A: ,');
  assert.is(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
});

test('file names with commas and colons stay inside their property', () => {
  const out = renderGithub({
    diagnostics: [{ code: 'M1001', severity: 'hint', file: 'x,y:z.mesh', range: { start: 0, end: 1 }, message: 'm' }],
    sources: new Map([['x,y:z.mesh', 'a']]),
  });
  assert.is(out, '::notice file=x%2Cy%3Az.mesh,line=1,col=1,endLine=1,endColumn=2,title=M1001::m\n');
});

test.run();
