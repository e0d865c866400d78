/**
 * Which statements each kind of block may hold.
 *
 * NOTE: the grammar lets any statement appear in any block, so that a misplaced statement gets this
 * precise message ("`listen` belongs in a gateway") instead of a syntax error.
 */
import type { HeadersStmt, SettingsStmt, Stmt } from '../syntax/ast.ts';

export type BlockContext = 'mesh' | 'service' | 'gateway' | 'external' | 'version' | 'rule' | 'headers';

/** A statement's identity for placement: its kind, or the kind of settings block. */
export type Placement =
  | Exclude<Stmt['kind'], 'Settings' | 'Headers'>
  | `Settings:${SettingsStmt['block']}`
  | `Headers:${HeadersStmt['direction']}`;

const allowed: Record<BlockContext, readonly Placement[]> = {
  mesh: ['Namespace', 'Namespaces', 'TrustDomain', 'Mtls', 'Outbound', 'Access'],
  service: [
    'Namespace', 'Port', 'Labels', 'Account', 'Versions', 'Version', 'Route', 'Timeout', 'Retries', 'Fault',
    'Mirror', 'Headers:request', 'Headers:response', 'Settings:cors', 'Settings:pool', 'Settings:outlier', 'Settings:jwt', 'Lb', 'Tls',
    'Mtls', 'Authz', 'RateLimit',
  ],
  version: ['Labels', 'Lb', 'Settings:pool', 'Settings:outlier', 'Tls'],
  gateway: [
    'Namespace', 'Selector', 'Listen', 'Route', 'Timeout', 'Retries', 'Headers:request', 'Headers:response', 'Settings:cors', 'Settings:jwt',
    'Authz', 'RateLimit',
  ],
  external: [
    'Namespace', 'Hosts', 'Port', 'Resolution', 'Location', 'Addresses', 'Endpoints', 'Lb', 'Settings:pool',
    'Settings:outlier', 'Tls', 'Route', 'Timeout', 'Retries',
  ],
  rule: ['Timeout', 'Retries', 'Fault', 'Mirror', 'Rewrite', 'Headers:request', 'Headers:response', 'Settings:cors'],
  headers: ['HeaderSet', 'HeaderRemove'],
};

const contextNames: Record<BlockContext, string> = {
  mesh: 'the `mesh` block',
  service: 'a service',
  gateway: 'a gateway',
  external: 'an external',
  version: 'a version',
  rule: 'a route rule',
  headers: 'a headers block',
};

export function placementOf(stmt: Stmt): Placement {
  if (stmt.kind === 'Settings') return `Settings:${stmt.block}`;
  if (stmt.kind === 'Headers') return `Headers:${stmt.direction}`;
  return stmt.kind;
}

export function isAllowed(stmt: Stmt, context: BlockContext): boolean {
  return allowed[context].includes(placementOf(stmt));
}

export function contextName(context: BlockContext): string {
  return contextNames[context];
}

/** "a service or a gateway": where a statement may go. */
export function allowedContexts(stmt: Stmt): string {
  const placement = placementOf(stmt);
  const names = (Object.keys(allowed) as BlockContext[]).filter((c) => allowed[c].includes(placement)).map((c) => contextNames[c]);
  if (names.length <= 1) return names[0] ?? 'no block';
  return names.slice(0, -1).join(', ') + ' or ' + names[names.length - 1];
}

/** Statements that may appear more than once in one block. */
export const repeatable: ReadonlySet<Placement> = new Set<Placement>([
  'Port', 'Version', 'Versions', 'Authz', 'Settings:jwt', 'Listen', 'Route', 'HeaderSet', 'HeaderRemove', 'Hosts',
  'Addresses', 'Endpoints', 'Namespaces',
]);
