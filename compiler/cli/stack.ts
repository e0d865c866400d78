/**
 * Stack traces of internal errors, mapped back to the TypeScript sources.
 *
 * Node can map stacks itself (`process.setSourceMapsEnabled`), but then it reads the source map
 * of every chunk as it loads, which cost 10–20 ms of every start-up. Internal errors are rare, so
 * the maps are read here, only when one happens.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const FRAME = /(file:\/\/[^\s()]+\.js|\/[^\s()]+\.js):(\d+):(\d+)/g;

export function mapStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(FRAME, (whole, file: string, line: string, column: string) => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!maps.has(path)) maps.set(path, load(path));
    const map = maps.get(path);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return whole;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '').replace(/^file:\/\//, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function load(path: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  } catch {
    return undefined;
  }
}
