/**
 * Hover: what the word under the cursor is. A name shows what it names, in plain words from the
 * checked model (`describe.ts`); a keyword its documentation; a value (a protocol, a mode, a
 * duration) what it means.
 */
import type * as A from '../syntax/ast.ts';
import type * as M from '../check/model.ts';
import type { Range } from '../diagnostics/types.ts';
import { formatDuration, parseDuration } from '../check/values.ts';
import type { IR } from '../ir/types.ts';
import { compiledFile } from './outputs.ts';
import { describeDeclaration, describeVersion, findDeclaration } from './describe.ts';
import { pathAt, tokenAt } from './locate.ts';
import { occurrenceAt, type NameIndex } from './names.ts';
import { enums, keywordDocs, referenceUrl, type EnumName, type ValueDoc } from './vocabulary.ts';

export interface HoverAnswer {
  markdown: string;
  range: Range;
}

export interface HoverInput {
  text: string;
  file: A.SourceFile;
  names: NameIndex;
  program: M.Program;
  /** The program lowered for the targets, when it has no errors: hover then names the output. */
  ir?: IR;
}

export function hover(input: HoverInput, offset: number): HoverAnswer | undefined {
  const { text, file, names, program } = input;
  const occurrence = occurrenceAt(names, file.path, offset);
  if (occurrence) {
    const range = occurrence.range;
    const symbol = names.symbols.get(occurrence.key);
    switch (occurrence.role) {
      case 'service':
      case 'gateway':
      case 'external': {
        const decl = findDeclaration(program, occurrence.name);
        if (!decl) return { range, markdown: `**${occurrence.role} ${occurrence.name}**\n\nIts declaration has errors, so its behaviour is not shown until they are fixed.` };
        const compiled = input.ir ? compiledFile(input.ir, decl.kind, decl.name, decl.namespace) : undefined;
        return { range, markdown: describeDeclaration(decl, program, compiled) };
      }
      case 'version': {
        const service = symbol?.container ? program.services.find((s) => s.name === symbol.container) : undefined;
        const version = service?.versions.find((v) => v.name === occurrence.name);
        if (!service || !version) return { range, markdown: `**version ${occurrence.name}**${symbol?.container ? ` of service \`${symbol.container}\`` : ''}` };
        return { range, markdown: describeVersion(service, version, program) };
      }
      case 'namespace': {
        const members = [...program.services, ...program.gateways, ...program.externals].filter((d) => d.namespace === occurrence.name).map((d) => `\`${d.name}\``);
        return { range, markdown: `**namespace ${occurrence.name}**\n\n${members.length ? `Declarations in it: ${members.join(', ')}.` : 'No declaration is in it.'}${program.mesh.namespace === occurrence.name ? '\n\nThe mesh\'s default namespace.' : ''}` };
      }
      case 'unresolved':
        return { range, markdown: `\`${occurrence.name}\`: nothing of that name is declared.` };
    }
  }

  const token = tokenAt(text, offset);
  if (!token) return undefined;
  const range = token.range;
  if (token.cls === 'keyword' && keywordDocs[token.image]) {
    const doc = keywordDocs[token.image]!;
    const parts = [`**${token.image}**: ${doc.summary}`];
    if (doc.syntax) parts.push('```mesh\n' + doc.syntax + '\n```');
    if (doc.istio) parts.push(`Istio: ${doc.istio}.`);
    parts.push(`[Language reference](${referenceUrl(doc.section)})`);
    return { range, markdown: parts.join('\n\n') };
  }
  if (token.cls === 'quantity') {
    const parsed = parseDuration(token.image);
    if (!parsed.error) return { range, markdown: `Duration \`${token.image}\`: ${parsed.value} ms${parsed.value >= 1000 ? ` (${formatDuration(parsed.value)})` : ''}.` };
    const retry = enums.retryOn.find((v) => v.value === token.image);
    if (retry) return { range, markdown: `Retry condition \`${token.image}\`: ${retry.doc}` };
    return undefined;
  }
  if (token.cls === 'percent') return { range, markdown: `Percentage \`${token.image}\` of requests.` };
  if (token.cls === 'word' || token.cls === 'keyword') {
    const value = valueDoc(token.image, contextOf(file, offset));
    if (value) return { range, markdown: `\`${token.image}\` (${value.what}): ${value.doc.doc}` };
  }
  return undefined;
}

/** Which enumerations a value at `offset` may belong to, by the statement around it. */
function contextOf(file: A.SourceFile, offset: number): EnumName[] {
  const path = pathAt(file, offset);
  const node = path[path.length - 1];
  const decl = path[0];
  if (!node || node.kind === 'Decl' || node.kind === 'Rule') return node?.kind === 'Rule' ? ['method', 'matchOp', 'scheme'] : [];
  switch (node.kind) {
    case 'Port': return [decl?.kind === 'Decl' && decl.declKind === 'external' ? 'externalProtocol' : 'serviceProtocol'];
    case 'Listen': return ['listenerProtocol', 'gatewayTls'];
    case 'Mtls': return ['mtls'];
    case 'Outbound': return ['outbound'];
    case 'Access': return ['access'];
    case 'Lb': return ['lb', 'hashBy'];
    case 'Tls': return ['clientTls'];
    case 'Resolution': return ['resolution'];
    case 'Location': return ['location'];
    case 'Retries': return ['retryOn'];
    case 'Authz': return ['method'];
    case 'Settings': return ['method', 'bool'];
    default: return [];
  }
}

const enumTitles: Record<EnumName, string> = {
  serviceProtocol: 'protocol',
  externalProtocol: 'protocol',
  listenerProtocol: 'protocol',
  mtls: 'mTLS mode',
  outbound: 'outbound policy',
  access: 'access mode',
  lb: 'load balancer',
  hashBy: 'hash key',
  clientTls: 'TLS mode',
  gatewayTls: 'gateway TLS mode',
  resolution: 'resolution',
  location: 'location',
  method: 'HTTP method',
  retryOn: 'retry condition',
  scheme: 'scheme',
  bool: 'boolean',
  matchOp: 'match',
};

function valueDoc(word: string, preferred: EnumName[]): { what: string; doc: ValueDoc } | undefined {
  for (const name of preferred) {
    const found = (enums[name] as ValueDoc[]).find((v) => v.value === word);
    if (found) return { what: enumTitles[name], doc: found };
  }
  return undefined;
}
